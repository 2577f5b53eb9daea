using NetPrimitives.Udp;

namespace NetPrimitives.Tests.Udp;

public sealed class UpperCaserTests
{
    [Fact]
    public void Ascii_mode_matches_python_bytes_upper_for_every_byte_value()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        // Python: bytes(range(256)).upper() changes exactly b'a'..b'z'.
        var expected = all.Select(b => b is >= (byte)'a' and <= (byte)'z' ? (byte)(b - 32) : b).ToArray();
        var actual = new byte[256];

        UpperCaser.ToUpperAscii(all, actual);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("MixedCaseString", "MIXEDCASESTRING")]
    [InlineData("", "")]
    [InlineData("hello, world! 123 {}~", "HELLO, WORLD! 123 {}~")]
    public void Ascii_mode_upper_cases_text(string input, string expected)
    {
        var output = new byte[input.Length];

        UpperCaser.ToUpperAscii(Encoding.ASCII.GetBytes(input), output);

        Assert.Equal(expected, Encoding.ASCII.GetString(output));
    }

    [Fact]
    public void Ascii_mode_leaves_utf8_bytes_alone_like_python()
    {
        var input = Encoding.UTF8.GetBytes("straße é ab");
        var output = new byte[input.Length];

        UpperCaser.ToUpperAscii(input, output);

        // b'stra\xc3\x9fe \xc3\xa9 ab'.upper() == b'STRA\xc3\x9fE \xc3\xa9 AB'
        Assert.Equal(Encoding.UTF8.GetBytes("STRAßE é AB"), output);
    }

    [Theory]
    [InlineData("straße é ab", "STRAßE É AB")] // simple case mapping: ß has no single-scalar upper case
    [InlineData("ǆemal ıi", "ǄEMAL ıI")] // U+01C6 -> U+01C4; invariant casing keeps the Turkish dotless ı
    [InlineData("ɐ", "Ɐ")] // U+0250 (2 bytes) -> U+2C6F (3 bytes)
    [InlineData("𐐨 emoji 😀", "𐐀 EMOJI 😀")] // 4-byte scalars
    [InlineData("", "")]
    public void Unicode_mode_maps_each_scalar_to_its_invariant_upper_case(string input, string expected)
    {
        var source = Encoding.UTF8.GetBytes(input);
        var destination = new byte[source.Length * 2];

        Assert.True(UpperCaser.TryToUpperUtf8(source, destination, out var written));

        Assert.Equal(expected, Encoding.UTF8.GetString(destination, 0, written));
    }

    [Fact]
    public void Unicode_mode_agrees_with_rune_upper_casing_on_every_bmp_scalar()
    {
        var text = new StringBuilder();
        for (var c = 0x20; c < 0x10000; c++)
        {
            if (!char.IsSurrogate((char)c))
            {
                text.Append((char)c);
            }
        }

        var input = text.ToString();
        var expected = new StringBuilder();
        foreach (var rune in input.EnumerateRunes())
        {
            expected.Append(Rune.ToUpperInvariant(rune).ToString());
        }

        var source = Encoding.UTF8.GetBytes(input);
        var destination = new byte[source.Length * 2];
        Assert.True(UpperCaser.TryToUpperUtf8(source, destination, out var written));
        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(destination, 0, written));
    }

    public static TheoryData<byte[], byte[]> InvalidUtf8 => new()
    {
        { [0x61, 0xFF, 0x62], [0x41, 0xFF, 0x42] }, // a byte that never appears in UTF-8
        { [0x61, 0xC3], [0x41, 0xC3] }, // a sequence cut off at the end
        { [0xC0, 0xAF, 0x7A], [0xC0, 0xAF, 0x5A] }, // overlong encoding of '/'
        { [0xED, 0xA0, 0x80, 0x78], [0xED, 0xA0, 0x80, 0x58] }, // an encoded surrogate
        { [0x80, 0xC3, 0xA9], [0x80, 0xC3, 0x89] }, // a stray continuation byte, then é -> É
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public void Unicode_mode_passes_invalid_utf8_through_unchanged(byte[] input, byte[] expected)
    {
        var destination = new byte[input.Length * 2];

        Assert.True(UpperCaser.TryToUpperUtf8(input, destination, out var written));

        Assert.Equal(expected, destination[..written]);
    }

    [Fact]
    public void Unicode_mode_reports_a_result_that_does_not_fit()
    {
        var source = Encoding.UTF8.GetBytes("ɐɐ"); // 4 bytes, 6 upper-cased

        Assert.False(UpperCaser.TryToUpperUtf8(source, new byte[5], out _));
        Assert.True(UpperCaser.TryToUpperUtf8(source, new byte[6], out var written));
        Assert.Equal(6, written);
        Assert.False(UpperCaser.TryToUpperUtf8("abc"u8, new byte[2], out _));
        Assert.False(UpperCaser.TryToUpperUtf8([0xFF, 0xFF], new byte[1], out _));
    }
}
