using System.Net;
using System.Net.Sockets;

namespace NetPrimitives.Ping.Targets;

/// <summary>
/// An inclusive range of addresses of one family, held as 128-bit integers so that counting an IPv6 /64
/// is arithmetic, not enumeration. Enumeration is lazy: one <see cref="IPAddress"/> per step.
/// </summary>
internal readonly record struct AddressRange(AddressFamily Family, UInt128 First, UInt128 Last, long ScopeId = 0)
{
    public UInt128 Count => Last - First + 1 == 0 ? UInt128.MaxValue : Last - First + 1; // ::/0 saturates

    public IEnumerable<IPAddress> Enumerate()
    {
        var value = First;
        while (true)
        {
            yield return ToAddress(Family, value, ScopeId);
            if (value == Last)
            {
                yield break;
            }

            value++;
        }
    }

    public static UInt128 ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        UInt128 value = 0;
        for (var i = 0; i < written; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    public static IPAddress ToAddress(AddressFamily family, UInt128 value, long scopeId = 0)
    {
        var length = family == AddressFamily.InterNetwork ? 4 : 16;
        Span<byte> bytes = stackalloc byte[length];
        for (var i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)value;
            value >>= 8;
        }

        return family == AddressFamily.InterNetwork ? new IPAddress(bytes) : new IPAddress(bytes, scopeId);
    }
}
