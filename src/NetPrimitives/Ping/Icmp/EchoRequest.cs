using System.Buffers.Binary;

namespace NetPrimitives.Ping.Icmp;

/// <summary>Builds ICMP echo requests (RFC 792 type 8; RFC 4443 §4.1 type 128).</summary>
internal static class EchoRequest
{
    public const int HeaderSize = 8;
    public const byte Ipv4Type = 8;
    public const byte Ipv6Type = 128;

    /// <summary>
    /// Writes header + payload + zero padding to <paramref name="destination"/> (its whole length) and returns it.
    /// IPv4 gets its checksum here; ICMPv6 leaves it zero because the kernel computes it over the pseudo-header
    /// for ICMPv6 sockets (RFC 3542 §3.1, Linux raw(7)).
    /// </summary>
    public static int Write(Span<byte> destination, bool ipv6, ushort identifier, ushort sequence, EchoPayload payload)
    {
        if (destination.Length < HeaderSize + EchoPayload.Size)
        {
            throw new ArgumentException($"An echo request needs at least {HeaderSize + EchoPayload.Size} bytes.", nameof(destination));
        }

        destination.Clear();
        destination[0] = ipv6 ? Ipv6Type : Ipv4Type;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], identifier);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], sequence);
        payload.Write(destination[HeaderSize..]);
        if (!ipv6)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], IcmpChecksum.Compute(destination));
        }

        return destination.Length;
    }
}
