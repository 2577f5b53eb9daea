// A user's framing tests, written with NetPrimitives.Testing against the packages (tests/consumer/run.sh).
using System.Buffers;
using System.Text;
using NetPrimitives.Framing;
using NetPrimitives.Testing;

namespace Consumer.FramingTests;

public sealed class FramingTests
{
    // The library's framer, 2-byte big-endian prefix, wrapped as a MessageParser that copies each payload
    // (the harness poisons consumed bytes, so a parser must not hand out slices of released memory).
    private static readonly LengthPrefixedFramer Framer = new(new LengthPrefixedFramerOptions
    {
        Prefix = LengthPrefixFormat.UInt16,
        MaxFrameLength = 16,
    });

    private static bool ReadFrame(ref ReadOnlySequence<byte> buffer, out byte[] message)
    {
        if (Framer.TryReadFrame(ref buffer, out var payload))
        {
            message = payload.ToArray();
            return true;
        }

        message = [];
        return false;
    }

    // A tiny custom parser: messages end with ';'.
    private static bool ReadUntilSemicolon(ref ReadOnlySequence<byte> buffer, out string message)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> text, (byte)';'))
        {
            message = "";
            return false;
        }

        message = Encoding.UTF8.GetString(text);
        buffer = buffer.Slice(reader.Position);
        return true;
    }

    [Fact]
    public void Length_prefixed_frames_are_the_same_however_the_bytes_arrive()
    {
        byte[] input = [0, 2, (byte)'h', (byte)'i', 0, 0, 0, 5, (byte)'p'];    // "hi", "", then a partial frame
        var report = ParserHarness.VerifySplits<byte[]>(ReadFrame, input);
        report.ThrowIfInconsistent();
        Assert.True(report.PlansTried > input.Length);
        Assert.Equal(["hi"u8.ToArray(), []], report.Whole.Messages);
        Assert.Equal(3, report.Whole.RemainingBytes);
    }

    [Fact]
    public void A_frame_over_the_limit_fails_at_every_split()
    {
        byte[] input = [0, 1, (byte)'a', 0, 17, .. new byte[17]];
        var report = ParserHarness.VerifySplits<byte[]>(ReadFrame, input);
        report.ThrowIfInconsistent();
        Assert.IsType<FrameTooLargeException>(report.Whole.Exception);
        Assert.Equal(["a"u8.ToArray()], report.Whole.Messages);
    }

    [Fact]
    public void A_custom_parser_is_checked_at_every_split()
    {
        var report = ParserHarness.VerifySplits<string>(ReadUntilSemicolon, "one;two;thr"u8.ToArray());
        report.ThrowIfInconsistent();
        Assert.Equal(["one", "two"], report.Whole.Messages);
        Assert.Equal(3, report.Whole.RemainingBytes);
    }

    [Fact]
    public void A_parser_that_reads_the_prefix_from_the_first_span_only_is_caught()
    {
        // The classic bug: fine on a whole buffer, stalls when a read splits the prefix.
        static bool Naive(ref ReadOnlySequence<byte> buffer, out byte[] message)
        {
            message = [];
            if (buffer.FirstSpan.Length < 2)
            {
                return false;
            }

            var length = (buffer.FirstSpan[0] << 8) | buffer.FirstSpan[1];
            if (buffer.Length < 2 + length)
            {
                return false;
            }

            message = buffer.Slice(2, length).ToArray();
            buffer = buffer.Slice(2 + length);
            return true;
        }

        var report = ParserHarness.VerifySplits<byte[]>(Naive, new byte[] { 0, 2, (byte)'h', (byte)'i' });
        Assert.False(report.IsConsistent);
        Assert.Throws<ParserMismatchException>(report.ThrowIfInconsistent);
    }
}
