using System.Buffers.Binary;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Testing;

public sealed class ParserHarnessTests
{
    // A correct 2-byte length-prefixed parser, written against the contract.
    private static bool GoodParser(ref ReadOnlySequence<byte> buffer, out byte[] message)
    {
        message = [];
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadBigEndian(out short length) || reader.Remaining < (ushort)length)
        {
            return false;
        }

        message = buffer.Slice(2, (ushort)length).ToArray();
        buffer = buffer.Slice(2 + (ushort)length);
        return true;
    }

    // The classic bug: reads the prefix from the first segment only.
    private static bool FirstSpanParser(ref ReadOnlySequence<byte> buffer, out byte[] message)
    {
        message = [];
        var first = buffer.FirstSpan;
        if (first.Length < 2)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(first);
        if (buffer.Length < 2 + length)
        {
            return false;
        }

        message = buffer.Slice(2, length).ToArray();
        buffer = buffer.Slice(2 + length);
        return true;
    }

    // Returns a slice of the buffer instead of a copy: valid only until the pipe reuses the memory.
    private static bool AliasingParser(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message)
    {
        message = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadBigEndian(out short length) || reader.Remaining < (ushort)length)
        {
            return false;
        }

        message = buffer.Slice(2, (ushort)length);
        buffer = buffer.Slice(2 + (ushort)length);
        return true;
    }

    private static byte[] Frames(params string[] texts)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var text in texts)
        {
            var payload = Encoding.ASCII.GetBytes(text);
            BinaryPrimitives.WriteUInt16BigEndian(output.GetSpan(2), (ushort)payload.Length);
            output.Advance(2);
            output.Write(payload);
        }

        return output.WrittenSpan.ToArray();
    }

    [Fact]
    public void Correct_parser_is_consistent_over_every_plan()
    {
        var input = Frames("alpha", "", "beta", "gamma-delta");
        var report = ParserHarness.VerifySplits<byte[]>(GoodParser, input);

        Assert.True(report.IsConsistent, report.ToString());
        Assert.Equal(4, report.Whole.Messages.Count);
        Assert.Equal("beta"u8.ToArray(), report.Whole.Messages[2]);
        Assert.True(report.PlansTried > input.Length * 2, $"only {report.PlansTried} plans");
        report.ThrowIfInconsistent();
    }

    [Fact]
    public void Partial_trailing_message_is_left_unconsumed_in_every_plan()
    {
        var input = Frames("one", "two")[..^1];
        var report = ParserHarness.VerifySplits<byte[]>(GoodParser, input);

        Assert.True(report.IsConsistent, report.ToString());
        Assert.Single(report.Whole.Messages);
        Assert.Equal(4, report.Whole.RemainingBytes);
    }

    [Fact]
    public void Parser_that_reads_only_the_first_segment_is_caught_with_the_split_named()
    {
        var input = Frames("hello", "world");
        var report = ParserHarness.VerifySplits<byte[]>(FirstSpanParser, input, options: new SplitOptions { ByteByByte = false });

        Assert.False(report.IsConsistent);
        Assert.NotNull(report.FirstMismatch);
        Assert.Contains("[0..1) [1..", report.FirstMismatch!.Plan);
        var error = Assert.Throws<ParserMismatchException>(report.ThrowIfInconsistent);
        Assert.Contains("depends on how the input is split", error.Message);
    }

    [Fact]
    public void Parser_whose_messages_alias_released_memory_is_caught_by_poisoning()
    {
        var input = Frames("keep", "me");
        var report = ParserHarness.VerifySplits<ReadOnlySequence<byte>>(AliasingParser, input);

        Assert.False(report.IsConsistent);
        Assert.Contains("differs", report.Difference);
    }

    [Fact]
    public void Without_poisoning_the_aliasing_parser_passes_which_is_why_poisoning_is_on_by_default()
    {
        var input = Frames("keep", "me");
        var options = new SplitOptions { Feed = new FeedOptions { PoisonConsumedBytes = false } };
        var report = ParserHarness.VerifySplits<ReadOnlySequence<byte>>(AliasingParser, input, options: options);

        Assert.True(report.IsConsistent, report.ToString());
    }

    [Fact]
    public void Exceptions_are_compared_by_type_and_stop_the_feed()
    {
        static bool Rejecting(ref ReadOnlySequence<byte> buffer, out int message)
        {
            message = 0;
            if (buffer.IsEmpty)
            {
                return false;
            }

            if (buffer.FirstSpan[0] == 0xFF)
            {
                throw new InvalidDataException("bad byte");
            }

            message = buffer.FirstSpan[0];
            buffer = buffer.Slice(1);
            return true;
        }

        var result = ParserHarness.FeedWhole<int>(Rejecting, new byte[] { 1, 2, 0xFF, 3 });
        Assert.Equal([1, 2], result.Messages);
        Assert.IsType<InvalidDataException>(result.Exception);
        Assert.Equal(2, result.RemainingBytes);
        Assert.True(ParserHarness.VerifySplits<int>(Rejecting, new byte[] { 1, 2, 0xFF, 3 }).IsConsistent);
    }

    [Fact]
    public void Parser_that_never_consumes_is_reported_instead_of_looping_forever()
    {
        static bool Stuck(ref ReadOnlySequence<byte> buffer, out int message)
        {
            message = 1;
            return !buffer.IsEmpty;
        }

        var result = ParserHarness.Feed<int>(Stuck, [new byte[] { 1 }], new FeedOptions { MaxMessagesWithoutProgress = 10 });
        Assert.IsType<InvalidOperationException>(result.Exception);
        Assert.Contains("loop forever", result.Exception!.Message);
    }

    [Fact]
    public void Feed_keeps_leftover_bytes_in_front_of_the_next_delivery()
    {
        var input = Frames("abc", "defg");
        var result = ParserHarness.Feed<byte[]>(GoodParser, [input.AsMemory(0, 4), input.AsMemory(4, 3), input.AsMemory(7)]);

        Assert.Null(result.Exception);
        Assert.Equal(["abc"u8.ToArray(), "defg"u8.ToArray()], result.Messages);
        Assert.Equal(0, result.RemainingBytes);
        Assert.Equal("[0..4) [4..7) [7..11)", result.Plan);
    }

    [Fact]
    public void Feed_does_not_modify_the_callers_input()
    {
        var input = Frames("abc");
        var copy = input.ToArray();
        ParserHarness.VerifySplits<byte[]>(GoodParser, input);
        Assert.Equal(copy, input);
    }
}
