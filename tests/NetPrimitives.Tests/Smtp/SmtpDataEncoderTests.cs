using System.Text.RegularExpressions;
using NetPrimitives.Smtp;

namespace NetPrimitives.Tests.Smtp;

public sealed partial class SmtpDataEncoderTests
{
    // An independent statement of the rules, for comparison: every line end -> CRLF, leading "." doubled.
    private static string Reference(string message)
    {
        var normalised = LineEnds().Replace(message, "\r\n");
        var stuffed = LeadingDot().Replace(normalised, "..");
        if (stuffed.Length > 0 && !stuffed.EndsWith("\r\n", StringComparison.Ordinal))
        {
            stuffed += "\r\n";
        }

        return stuffed + ".\r\n";
    }

    [GeneratedRegex("\r\n|\r|\n")]
    private static partial Regex LineEnds();

    [GeneratedRegex("^\\.", RegexOptions.Multiline)]
    private static partial Regex LeadingDot();

    private static string EncodeInChunks(byte[] input, params int[] cuts)
    {
        var encoder = new SmtpDataEncoder();
        var output = new ArrayBufferWriter<byte>();
        var start = 0;
        foreach (var cut in cuts.Append(input.Length))
        {
            encoder.Encode(input.AsSpan(start, cut - start), output);
            start = cut;
        }

        encoder.Complete(output);
        Assert.Equal(output.WrittenCount, encoder.BytesWritten);
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }

    public static TheoryData<string> Messages() => new()
    {
        string.Empty,
        "Subject: hi\r\n\r\nbody\r\n",
        "no final line end",
        ".\r\n",
        ".",
        "a\r\n.\r\nb",
        "..already\n.x\r.y\r\n.z",
        "bare lf\nbare cr\rcrlf\r\nlf cr\n\rcr cr\r\r",
        "\r\n\r\n\n\n\r\r.",
        "ends with cr\r",
        "line\r\n.\r\n.\r\n",
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Encodes_like_the_reference_at_every_split_point_and_every_pair_of_split_points(string message)
    {
        var bytes = Encoding.Latin1.GetBytes(message);
        var expected = Reference(message);
        Assert.Equal(expected, EncodeInChunks(bytes));
        for (var i = 0; i <= bytes.Length; i++)
        {
            Assert.Equal(expected, EncodeInChunks(bytes, i));
            for (var j = i; j <= bytes.Length; j++)
            {
                Assert.Equal(expected, EncodeInChunks(bytes, i, j));
            }
        }
    }

    [Fact]
    public void Never_sends_bare_cr_or_lf_and_never_a_lone_dot_line_before_the_end_on_random_input()
    {
        var random = new Random(5321);
        for (var round = 0; round < 200; round++)
        {
            var bytes = new byte[random.Next(0, 300)];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)"ab.\r\n\u00e9"[random.Next(6)];
            }

            var cuts = Enumerable.Range(0, 3).Select(_ => random.Next(0, bytes.Length + 1)).Order().ToArray();
            var encoded = EncodeInChunks(bytes, cuts);
            Assert.Equal(Reference(Encoding.Latin1.GetString(bytes)), encoded);
            var lines = encoded[..^2].Split("\r\n");
            Assert.Equal(".", lines[^1]);
            Assert.DoesNotContain(".", lines[..^1]);
            for (var i = 0; i < encoded.Length; i++)
            {
                if (encoded[i] == '\r')
                {
                    Assert.Equal('\n', encoded[i + 1]);
                }

                if (encoded[i] == '\n')
                {
                    Assert.Equal('\r', encoded[i - 1]);
                }
            }
        }
    }

    [Fact]
    public void Encodes_a_multi_segment_sequence()
    {
        var sequence = NetPrimitives.Testing.BufferSequence.FromChunks("a\r"u8.ToArray(), "\n.b\r"u8.ToArray(), "\nc"u8.ToArray());
        var encoder = new SmtpDataEncoder();
        var output = new ArrayBufferWriter<byte>();
        encoder.Encode(sequence, output);
        encoder.Complete(output);
        Assert.Equal("a\r\n..b\r\nc\r\n.\r\n", Encoding.ASCII.GetString(output.WrittenSpan));
    }
}
