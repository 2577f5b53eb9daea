using NetPrimitives.Framing;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Framing;

/// <summary>
/// TryReadFrames must give exactly the frames (offsets and lengths) that TryReadFrame(span) gives one at a time,
/// stop where it stops, and throw what it throws, from the call that starts at the bad frame. Its fast path
/// guesses that frames repeat the previous length, so the inputs mix long runs of equal lengths (including
/// zero-length payloads, whose 1-byte frames are shorter than the loads) with changing ones, and every
/// truncation puts the end of the buffer at every place inside a guess.
/// </summary>
public sealed class LengthPrefixedFramerBatchTests
{
    // Result capacities: smaller than, equal to and larger than a speculative step of 4 frames.
    private static readonly int[] Capacities = [1, 3, 4, 5, 9, 64];

    [Theory]
    [MemberData(nameof(WireFormat.AllCombinations), MemberType = typeof(WireFormat))]
    public void Matches_one_frame_at_a_time_on_runs_and_mixed_lengths_at_every_truncation(LengthPrefixFormat format, ByteOrder order, bool includes)
    {
        var options = WireFormat.Options(format, order, includes);
        var framer = new LengthPrefixedFramer(options);
        var input = WireFormat.Frames(options, RunsAndMixedLengths(new Random(17), frames: 40, maxLength: 30));

        for (var length = 0; length <= input.Length; length++)
        {
            var expected = ReadOneByOne(framer, input.AsSpan(0, length));
            foreach (var capacity in Capacities)
            {
                Assert.Equal(expected, ReadInBatches(framer, input.AsSpan(0, length), capacity));
            }
        }
    }

    [Theory]
    [MemberData(nameof(WireFormat.AllCombinations), MemberType = typeof(WireFormat))]
    public void Matches_one_frame_at_a_time_on_many_random_sequences(LengthPrefixFormat format, ByteOrder order, bool includes)
    {
        var options = WireFormat.Options(format, order, includes);
        var framer = new LengthPrefixedFramer(options);
        var random = new Random(42);
        for (var sequence = 0; sequence < 40; sequence++)
        {
            var maxLength = random.Next(0, 3) switch { 0 => 3, 1 => 40, _ => 250 };
            var input = WireFormat.Frames(options, RunsAndMixedLengths(random, frames: random.Next(1, 300), Math.Min(maxLength, options.MaxFrameLength)));
            var expected = ReadOneByOne(framer, input);

            Assert.Null(expected.Error);
            Assert.Equal(input.Length, expected.Consumed);
            Assert.Equal(expected, ReadInBatches(framer, input, Capacities[random.Next(Capacities.Length)]));
        }
    }

    [Fact]
    public void Offsets_point_into_the_buffer_and_a_partial_frame_is_left_for_the_next_call()
    {
        var framer = new LengthPrefixedFramer();
        // Three 2-byte frames, then a frame that declares 5 bytes with only 2 here.
        ReadOnlySpan<byte> buffer = [0, 0, 0, 2, 0xA1, 0xA2, 0, 0, 0, 2, 0xB1, 0xB2, 0, 0, 0, 2, 0xC1, 0xC2, 0, 0, 0, 5, 0xD1, 0xD2];
        Span<PayloadRange> payloads = stackalloc PayloadRange[8];

        var count = framer.TryReadFrames(buffer, payloads, out var consumed);

        Assert.Equal(3, count);
        Assert.Equal(18, consumed);
        Assert.Equal(new[] { new PayloadRange(4, 2), new PayloadRange(10, 2), new PayloadRange(16, 2) }, payloads[..count].ToArray());
        Assert.Equal(new byte[] { 0xB1, 0xB2 }, buffer[payloads[1].ToRange()].ToArray());
        Assert.Equal(12, payloads[1].End);

        Assert.Equal(0, framer.TryReadFrames(buffer[consumed..], payloads, out consumed));
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Stops_when_the_results_are_full()
    {
        var framer = new LengthPrefixedFramer();
        var input = WireFormat.Frames(framer.Options, [.. Enumerable.Repeat(WireFormat.Payload(16), 30)]);
        var payloads = new PayloadRange[7];

        Assert.Equal(7, framer.TryReadFrames(input, payloads, out var consumed));
        Assert.Equal(7 * 20, consumed);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => new PayloadRange((i * 20) + 4, 16)), payloads);

        Assert.Equal(0, framer.TryReadFrames(input, Span<PayloadRange>.Empty, out consumed));
        Assert.Equal(0, consumed);
    }

    [Theory]
    [InlineData(LengthPrefixFormat.UInt32, 0)]
    [InlineData(LengthPrefixFormat.UInt8, 0)]
    [InlineData(LengthPrefixFormat.UInt16, 1)]
    [InlineData(LengthPrefixFormat.Varint, 0)]
    public void Reads_long_runs_of_tiny_frames(LengthPrefixFormat format, int payloadLength)
    {
        // 1-byte frames (UInt8 or varint, empty payload) are shorter than the 8-byte loads of the fast path.
        var options = WireFormat.Options(format, ByteOrder.BigEndian, includes: false);
        var framer = new LengthPrefixedFramer(options);
        var input = WireFormat.Frames(options, [.. Enumerable.Repeat(WireFormat.Payload(payloadLength), 101)]);
        var payloads = new PayloadRange[128];

        Assert.Equal(101, framer.TryReadFrames(input, payloads, out var consumed));
        Assert.Equal(input.Length, consumed);
        var frameLength = input.Length / 101;
        Assert.Equal(Enumerable.Range(0, 101).Select(i => new PayloadRange((i * frameLength) + frameLength - payloadLength, payloadLength)), payloads[..101]);
    }

    [Theory]
    [MemberData(nameof(WireFormat.AllCombinations), MemberType = typeof(WireFormat))]
    public void An_oversized_frame_after_good_ones_costs_none_of_them_and_the_next_call_throws_the_facts(LengthPrefixFormat format, ByteOrder order, bool includes)
    {
        var options = WireFormat.Options(format, order, includes);
        options.MaxFrameLength = 100;
        var framer = new LengthPrefixedFramer(options);
        // A run long enough for the fast path, then one byte over the limit, payload present.
        var good = WireFormat.Frames(options, [.. Enumerable.Repeat(WireFormat.Payload(100), 13)]);
        var oversized = WireFormat.Frame(options, WireFormat.Payload(101));
        byte[] input = [.. good, .. oversized, .. good];
        var payloads = new PayloadRange[64];

        Assert.Equal(13, framer.TryReadFrames(input, payloads, out var consumed));
        Assert.Equal(good.Length, consumed);

        var error = Assert.Throws<FrameTooLargeException>(() => framer.TryReadFrames(input.AsSpan(consumed), payloads, out _));
        Assert.Equal(101UL, error.Length);
        Assert.Equal(100, error.MaxLength);
        var single = Assert.Throws<FrameTooLargeException>(() => framer.TryReadFrame(input.AsSpan(consumed), out _, out _));
        Assert.Equal(single.Message, error.Message);
    }

    public static TheoryData<LengthPrefixedFramerOptions, byte[], byte[]> BadPrefixes => new()
    {
        // A hostile blocks.py length after a 3-byte frame.
        { new LengthPrefixedFramerOptions(), [0, 0, 0, 3, 1, 2, 3], [0xFF, 0xFF, 0xFF, 0xFF] },
        // A length that counts its prefix but is smaller than it.
        { new LengthPrefixedFramerOptions { Prefix = LengthPrefixFormat.UInt16, LengthIncludesPrefix = true, MaxFrameLength = 1000 }, [0, 3, 9], [0, 1] },
        // An over-long varint, and one above 2^64-1.
        { new LengthPrefixedFramerOptions { Prefix = LengthPrefixFormat.Varint }, [1, 9], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01] },
        { new LengthPrefixedFramerOptions { Prefix = LengthPrefixFormat.Varint }, [1, 9], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F] },
        { new LengthPrefixedFramerOptions { Prefix = LengthPrefixFormat.UInt64, ByteOrder = ByteOrder.LittleEndian }, [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0x80] },
    };

    [Theory]
    [MemberData(nameof(BadPrefixes))]
    public void A_bad_prefix_after_good_frames_is_thrown_by_the_call_that_starts_at_it(LengthPrefixedFramerOptions options, byte[] goodFrame, byte[] badPrefix)
    {
        var framer = new LengthPrefixedFramer(options);
        byte[] input = [.. goodFrame, .. goodFrame, .. goodFrame, .. goodFrame, .. goodFrame, .. badPrefix];
        var payloads = new PayloadRange[16];

        Assert.Equal(5, framer.TryReadFrames(input, payloads, out var consumed));
        Assert.Equal(5 * goodFrame.Length, consumed);

        var expected = Assert.ThrowsAny<FramingException>(() => framer.TryReadFrame(input.AsSpan(consumed), out _, out _));
        var actual = Assert.ThrowsAny<FramingException>(() => framer.TryReadFrames(input.AsSpan(consumed), payloads, out _));
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.Message, actual.Message);
    }

    [Fact]
    public void A_pipe_style_loop_reads_every_frame_at_every_two_way_split()
    {
        // The loop the docs show: batches over the first span, the sequence overload for a frame that straddles.
        var framer = new LengthPrefixedFramer();
        var payloadsIn = RunsAndMixedLengths(new Random(5), frames: 40, maxLength: 24);
        var input = WireFormat.Frames(framer.Options, payloadsIn);
        var batch = new PayloadRange[6];

        for (var split = 0; split <= input.Length; split++)
        {
            var buffer = BufferSequence.SplitAt(input, split);
            var read = new List<byte[]>();
            while (true)
            {
                var span = buffer.FirstSpan;
                var used = 0;
                int count;
                while ((count = framer.TryReadFrames(span[used..], batch, out var consumed)) != 0)
                {
                    foreach (var range in batch.AsSpan(0, count))
                    {
                        read.Add(span.Slice(used + range.Offset, range.Length).ToArray());
                    }

                    used += consumed;
                }

                buffer = buffer.Slice(used);
                if (!framer.TryReadFrame(ref buffer, out var straddling))
                {
                    break;
                }

                read.Add(straddling.ToArray());
            }

            Assert.Equal(payloadsIn, read);
            Assert.True(buffer.IsEmpty);
        }
    }

    [Fact]
    public void Successful_reads_allocate_nothing()
    {
        var framer = new LengthPrefixedFramer();
        var varints = new LengthPrefixedFramer(new LengthPrefixedFramerOptions { Prefix = LengthPrefixFormat.Varint });
        var uniform = WireFormat.Frames(framer.Options, [.. Enumerable.Repeat(WireFormat.Payload(16), 200)]);
        var mixed = WireFormat.Frames(varints.Options, RunsAndMixedLengths(new Random(3), frames: 200, maxLength: 300));
        var payloads = new PayloadRange[32];
        _ = SumInBatches(framer, uniform, payloads) + SumInBatches(varints, mixed, payloads); // JIT first

        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = SumInBatches(framer, uniform, payloads) + SumInBatches(varints, mixed, payloads);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(200 * 16 + ReadOneByOne(varints, mixed).Frames.Sum(f => f.Length), total);
    }

    private static long SumInBatches(LengthPrefixedFramer framer, ReadOnlySpan<byte> input, Span<PayloadRange> payloads)
    {
        long total = 0;
        int count;
        while ((count = framer.TryReadFrames(input, payloads, out var consumed)) != 0)
        {
            foreach (var range in payloads[..count])
            {
                total += range.Length;
            }

            input = input[consumed..];
        }

        return total;
    }

    /// <summary>Payloads in runs of 1 to 20 equal lengths (often 0 to 2 bytes), the run lengths and lengths random.</summary>
    private static byte[][] RunsAndMixedLengths(Random random, int frames, int maxLength)
    {
        var payloads = new List<byte[]>();
        while (payloads.Count < frames)
        {
            var length = random.Next(4) == 0 ? random.Next(0, Math.Min(3, maxLength + 1)) : random.Next(0, maxLength + 1);
            var run = random.Next(2) == 0 ? 1 : random.Next(1, 21);
            for (var i = 0; i < run && payloads.Count < frames; i++)
            {
                payloads.Add(WireFormat.Payload(length, payloads.Count));
            }
        }

        return [.. payloads];
    }

    private static Outcome ReadOneByOne(LengthPrefixedFramer framer, ReadOnlySpan<byte> input)
    {
        var frames = new List<PayloadRange>();
        var position = 0;
        try
        {
            while (framer.TryReadFrame(input[position..], out var payload, out var consumed))
            {
                frames.Add(new PayloadRange(position + consumed - payload.Length, payload.Length));
                position += consumed;
            }

            return new Outcome(frames, position, null);
        }
        catch (FramingException e)
        {
            return new Outcome(frames, position, e.GetType());
        }
    }

    private static Outcome ReadInBatches(LengthPrefixedFramer framer, ReadOnlySpan<byte> input, int capacity)
    {
        var frames = new List<PayloadRange>();
        var payloads = new PayloadRange[capacity];
        var position = 0;
        try
        {
            int count;
            while ((count = framer.TryReadFrames(input[position..], payloads, out var consumed)) != 0)
            {
                Assert.Equal(payloads[count - 1].End, consumed);
                frames.AddRange(payloads.Take(count).Select(p => p with { Offset = position + p.Offset }));
                position += consumed;
            }

            Assert.Equal(0, framer.TryReadFrames(input[position..], payloads, out var none));
            Assert.Equal(0, none);
            return new Outcome(frames, position, null);
        }
        catch (FramingException e)
        {
            return new Outcome(frames, position, e.GetType());
        }
    }

    private sealed record Outcome(List<PayloadRange> Frames, int Consumed, Type? Error)
    {
        public bool Equals(Outcome? other) =>
            other is not null && Consumed == other.Consumed && Error == other.Error && Frames.SequenceEqual(other.Frames);

        public override int GetHashCode() => HashCode.Combine(Consumed, Error, Frames.Count);
    }
}
