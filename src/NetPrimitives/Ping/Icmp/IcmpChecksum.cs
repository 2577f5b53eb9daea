using System.Buffers.Binary;

namespace NetPrimitives.Ping.Icmp;

/// <summary>The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit words.</summary>
internal static class IcmpChecksum
{
    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        var i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (uint)(data[i] << 8); // RFC 1071 §4.1: an odd byte is padded with a zero byte
        }

        // Fold the carries back in (RFC 1071 §2(B)); two folds are enough for any 32-bit sum of 16-bit words
        // up to 64 KiB, a loop keeps it obviously right.
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>A message whose checksum field is filled in sums to zero (RFC 1071 §1 verification).</summary>
    public static bool IsValid(ReadOnlySpan<byte> message) => Compute(message) == 0;
}
