namespace NetPrimitives.Framing;

/// <summary>
/// Unsigned base-128 varints as Protocol Buffers writes them (protobuf encoding guide, "Base 128 Varints"):
/// 7 bits per byte, least significant group first, the high bit set on every byte but the last.
/// </summary>
internal static class Varint
{
    /// <summary>A 64-bit value needs at most ten 7-bit groups.</summary>
    public const int MaxLength = 10;

    /// <summary>Decodes a varint from the start of <paramref name="bytes"/>.</summary>
    /// <returns><see langword="false"/> when the bytes end before the varint does.</returns>
    /// <exception cref="InvalidFrameException">More than 10 bytes, or a value above 2^64-1.</exception>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out ulong value, out int length)
    {
        ulong result = 0;
        var count = Math.Min(bytes.Length, MaxLength);
        for (var i = 0; i < count; i++)
        {
            var b = bytes[i];
            if (i == MaxLength - 1 && b > 1)
            {
                // The tenth byte carries bit 63 only; anything more (or a continuation bit) cannot be a 64-bit value.
                ThrowOverlong(b);
            }

            result |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                value = result;
                length = i + 1;
                return true;
            }
        }

        value = 0;
        length = 0;
        return false;
    }

    /// <summary>How many bytes <paramref name="value"/> takes as a varint (1 to 10).</summary>
    public static int SizeOf(ulong value)
    {
        // 1 + floor(log2(value)) / 7, with 0 taking one byte.
        var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(value | 1);
        return (bits + 6) / 7;
    }

    /// <summary>Writes <paramref name="value"/> to the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    private static void ThrowOverlong(byte tenth) => throw new InvalidFrameException(
        (tenth & 0x80) != 0
            ? "A varint length prefix is longer than 10 bytes."
            : $"A varint length prefix exceeds 2^64-1 (its tenth byte is 0x{tenth:X2}).");
}
