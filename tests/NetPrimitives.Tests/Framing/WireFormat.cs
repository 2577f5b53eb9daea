using NetPrimitives.Framing;

namespace NetPrimitives.Tests.Framing;

/// <summary>
/// An independent, obviously-correct encoder of the wire formats (loops over bytes, no BinaryPrimitives),
/// so the framer's reader is checked against something other than its own writer.
/// </summary>
internal static class WireFormat
{
    public static int FixedSize(LengthPrefixFormat format) => format switch
    {
        LengthPrefixFormat.UInt8 => 1,
        LengthPrefixFormat.UInt16 => 2,
        LengthPrefixFormat.UInt24 => 3,
        LengthPrefixFormat.UInt32 => 4,
        LengthPrefixFormat.UInt64 => 8,
        _ => 0,
    };

    public static byte[] Prefix(LengthPrefixedFramerOptions options, ulong value)
    {
        var size = FixedSize(options.Prefix);
        if (size == 0)
        {
            return Varint(value);
        }

        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            // Byte i of a little-endian number is bits 8i..8i+7.
            bytes[i] = (byte)(value >> (8 * i));
        }

        if (options.ByteOrder == ByteOrder.BigEndian)
        {
            Array.Reverse(bytes);
        }

        return bytes;
    }

    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var group = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? group : (byte)(group | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    /// <summary>A whole frame for <paramref name="payload"/> under <paramref name="options"/>.</summary>
    public static byte[] Frame(LengthPrefixedFramerOptions options, ReadOnlySpan<byte> payload)
    {
        var length = (ulong)payload.Length;
        byte[] prefix;
        if (!options.LengthIncludesPrefix)
        {
            prefix = Prefix(options, length);
        }
        else if (options.Prefix != LengthPrefixFormat.Varint)
        {
            prefix = Prefix(options, length + (ulong)FixedSize(options.Prefix));
        }
        else
        {
            // Smallest k with varint(length + k) taking k bytes.
            var k = 1;
            while (Varint(length + (ulong)k).Length != k)
            {
                k++;
            }

            prefix = Varint(length + (ulong)k);
        }

        return [.. prefix, .. payload];
    }

    public static byte[] Frames(LengthPrefixedFramerOptions options, params byte[][] payloads) =>
        payloads.SelectMany(p => Frame(options, p)).ToArray();

    public static byte[] Payload(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed + length).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Every prefix format x byte order x length-includes-prefix.</summary>
    public static TheoryData<LengthPrefixFormat, ByteOrder, bool> AllCombinations()
    {
        var data = new TheoryData<LengthPrefixFormat, ByteOrder, bool>();
        foreach (var format in Enum.GetValues<LengthPrefixFormat>())
        {
            foreach (var order in Enum.GetValues<ByteOrder>())
            {
                foreach (var includes in new[] { false, true })
                {
                    data.Add(format, order, includes);
                }
            }
        }

        return data;
    }

    /// <summary>The largest MaxFrameLength the options allow, capped at 1 MiB.</summary>
    public static LengthPrefixedFramerOptions Options(LengthPrefixFormat format, ByteOrder order, bool includes)
    {
        var size = FixedSize(format);
        long capacity = format switch
        {
            LengthPrefixFormat.UInt8 => 255,
            LengthPrefixFormat.UInt16 => 65535,
            _ => LengthPrefixedFramerOptions.DefaultMaxFrameLength,
        };
        if (includes && size is 1 or 2)
        {
            capacity -= size;
        }

        return new LengthPrefixedFramerOptions
        {
            Prefix = format,
            ByteOrder = order,
            LengthIncludesPrefix = includes,
            MaxFrameLength = (int)capacity,
        };
    }
}
