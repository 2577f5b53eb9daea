using System.Buffers.Binary;

namespace NetPrimitives.Ping.Icmp;

/// <summary>
/// What every probe carries after the 8-byte ICMP header: the sweep's random nonce, the probe number and the
/// send timestamp (<see cref="System.Diagnostics.Stopwatch"/> ticks). The nonce tells our replies from other
/// programs'; the probe number tells which probe, even after the 16-bit sequence wraps and on datagram sockets
/// where the kernel rewrites the identifier.
/// </summary>
internal readonly record struct EchoPayload(ulong Nonce, uint ProbeId, long Timestamp)
{
    public const int Size = 20;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, Nonce);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ProbeId);
        BinaryPrimitives.WriteInt64BigEndian(destination[12..], Timestamp);
    }

    public static bool TryRead(ReadOnlySpan<byte> source, out EchoPayload payload)
    {
        if (source.Length < Size)
        {
            payload = default;
            return false;
        }

        payload = new EchoPayload(
            BinaryPrimitives.ReadUInt64BigEndian(source),
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadInt64BigEndian(source[12..]));
        return true;
    }
}
