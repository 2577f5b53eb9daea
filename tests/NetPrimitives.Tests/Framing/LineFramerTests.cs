using NetPrimitives.Framing;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Framing;

public sealed class LineFramerTests
{
    private static MessageParser<string> Parser(LineFramer framer) =>
        (ref ReadOnlySequence<byte> buffer, out string message) =>
        {
            var ok = framer.TryReadLine(ref buffer, out var line);
            message = ok ? Encoding.ASCII.GetString(line) : string.Empty;
            return ok;
        };

    private static LineFramer Framer(LineEnding ending, int max = LineFramerOptions.DefaultMaxLineLength) =>
        new(new LineFramerOptions { LineEnding = ending, MaxLineLength = max });

    [Theory]
    [InlineData(LineEnding.LfOrCrLf, "a\nb\r\n\r\nc\rd\n", new[] { "a", "b", "", "c\rd" })]
    [InlineData(LineEnding.CrLf, "a\nb\r\n\r\nc\rd\r\n", new[] { "a\nb", "", "c\rd" })]
    [InlineData(LineEnding.Lf, "a\nb\r\n\nc\rd\n", new[] { "a", "b\r", "", "c\rd" })]
    public void Splits_lines_as_documented_at_every_split(LineEnding ending, string input, string[] expected)
    {
        var report = ParserHarness.VerifySplits(Parser(Framer(ending)), Encoding.ASCII.GetBytes(input + "tail"));

        report.ThrowIfInconsistent();
        Assert.Equal(expected, report.Whole.Messages);
        Assert.Equal(4, report.Whole.RemainingBytes);
    }

    [Fact]
    public void CR_and_LF_in_different_segments_make_one_CRLF()
    {
        foreach (var ending in new[] { LineEnding.CrLf, LineEnding.LfOrCrLf })
        {
            var buffer = BufferSequence.FromChunks("abc\r"u8.ToArray(), "\nnext"u8.ToArray());

            Assert.True(Framer(ending).TryReadLine(ref buffer, out var line));
            Assert.Equal("abc", Encoding.ASCII.GetString(line));
            Assert.Equal("next", Encoding.ASCII.GetString(buffer));
        }
    }

    [Fact]
    public void CR_at_the_end_of_the_buffer_waits_for_its_LF()
    {
        var original = new ReadOnlySequence<byte>("abc\r"u8.ToArray());
        var buffer = original;

        Assert.False(Framer(LineEnding.CrLf).TryReadLine(ref buffer, out _));
        Assert.Equal(original, buffer);
    }

    [Theory]
    [InlineData(LineEnding.LfOrCrLf)]
    [InlineData(LineEnding.CrLf)]
    [InlineData(LineEnding.Lf)]
    public void Line_of_exactly_the_maximum_is_accepted_with_either_ending(LineEnding ending)
    {
        var framer = Framer(ending, max: 5);
        var terminator = ending == LineEnding.Lf ? "\n" : "\r\n";
        var input = Encoding.ASCII.GetBytes("12345" + terminator + "67890" + terminator);

        var report = ParserHarness.VerifySplits(Parser(framer), input);

        report.ThrowIfInconsistent();
        Assert.Equal(["12345", "67890"], report.Whole.Messages);
    }

    [Theory]
    [InlineData(LineEnding.LfOrCrLf, "123456\n")]
    [InlineData(LineEnding.LfOrCrLf, "123456\r\n")]
    [InlineData(LineEnding.CrLf, "123456\r\n")]
    [InlineData(LineEnding.CrLf, "12345\n\r\n")]
    [InlineData(LineEnding.Lf, "12345\r\n")]
    [InlineData(LineEnding.Lf, "123456\n")]
    public void Line_one_byte_over_the_maximum_is_refused_at_every_split(LineEnding ending, string input)
    {
        var report = ParserHarness.VerifySplits(Parser(Framer(ending, max: 5)), Encoding.ASCII.GetBytes("ok\n" + input));

        report.ThrowIfInconsistent();
        var error = Assert.IsType<LineTooLongException>(report.Whole.Exception);
        Assert.Equal(5, error.MaxLength);
        Assert.True(error.Length >= 6, $"length {error.Length}");
    }

    [Theory]
    [InlineData(LineEnding.LfOrCrLf, 7)]
    [InlineData(LineEnding.CrLf, 7)]
    [InlineData(LineEnding.Lf, 6)]
    public void Endless_line_is_refused_after_at_most_max_plus_ending_bytes(LineEnding ending, int bytesNeeded)
    {
        var framer = Framer(ending, max: 5);
        // A peer that never sends a line ending: the framer refuses it without waiting for more.
        var tooMany = new ReadOnlySequence<byte>(new byte[bytesNeeded].AsMemory());
        var fewer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("12345\r"));

        Assert.Throws<LineTooLongException>(() => framer.TryReadLine(ref tooMany, out _));
        if (ending != LineEnding.Lf)
        {
            // 5 bytes and a CR may still be a valid line whose LF is on its way.
            Assert.False(framer.TryReadLine(ref fewer, out _));
        }
    }

    [Fact]
    public void A_huge_buffer_without_an_ending_is_refused_without_scanning_it_all()
    {
        var framer = Framer(LineEnding.LfOrCrLf, max: 16);
        // 10 MiB without LF but with an LF at the very end: the framer must give up at byte 18.
        var bytes = new byte[10 * 1024 * 1024];
        bytes[^1] = (byte)'\n';
        var buffer = new ReadOnlySequence<byte>(bytes);

        var error = Assert.Throws<LineTooLongException>(() => framer.TryReadLine(ref buffer, out _));
        Assert.Equal(18, error.Length);
    }

    [Fact]
    public void Reading_lines_allocates_nothing()
    {
        var framer = Framer(LineEnding.LfOrCrLf);
        var input = BufferSequence.Segmented(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("hello world\r\n", 50))), 5);
        Drain(framer, input);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var lines = Drain(framer, input);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(50, lines);

        static int Drain(LineFramer framer, ReadOnlySequence<byte> buffer)
        {
            var count = 0;
            while (framer.TryReadLine(ref buffer, out _))
            {
                count++;
            }

            return count;
        }
    }

    [Theory]
    [InlineData(LineEnding.LfOrCrLf, null, "a\r\n")]
    [InlineData(LineEnding.CrLf, null, "a\r\n")]
    [InlineData(LineEnding.Lf, null, "a\n")]
    [InlineData(LineEnding.LfOrCrLf, LineTerminator.Lf, "a\n")]
    [InlineData(LineEnding.Lf, LineTerminator.CrLf, "a\r\n")]
    public void Writes_the_configured_terminator(LineEnding ending, LineTerminator? terminator, string expected)
    {
        var framer = new LineFramer(new() { LineEnding = ending, WriteTerminator = terminator });
        var writer = new ArrayBufferWriter<byte>();

        framer.WriteLine(writer, "a"u8);

        Assert.Equal(expected, Encoding.ASCII.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void Refuses_to_write_a_line_containing_its_terminator()
    {
        var writer = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentException>(() => Framer(LineEnding.LfOrCrLf).WriteLine(writer, "MAIL FROM:<a>\r\nRCPT TO:<b>"u8));
        Assert.Throws<ArgumentException>(() => Framer(LineEnding.Lf).WriteLine(writer, "a\nb"u8));
        Assert.Equal(0, writer.WrittenCount);

        // A bare LF is data in CRLF mode, so a line read in that mode can be written back unchanged.
        Framer(LineEnding.CrLf).WriteLine(writer, "a\nb"u8);
        Assert.Equal("a\nb\r\n", Encoding.ASCII.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void Options_are_validated_and_defaulted()
    {
        var defaults = new LineFramerOptions();

        Assert.Equal(LineEnding.LfOrCrLf, defaults.LineEnding);
        Assert.Equal(8192, defaults.MaxLineLength);
        Assert.Null(defaults.WriteTerminator);
        Assert.Throws<ArgumentException>(() => new LineFramer(new() { MaxLineLength = 0 }));
        Assert.Throws<ArgumentException>(() => new LineFramer(new() { LineEnding = (LineEnding)9 }));
        Assert.Throws<ArgumentException>(() => new LineFramer(new() { WriteTerminator = (LineTerminator)9 }));
    }
}
