using NetPrimitives.Framing;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Framing;

public sealed class LengthPrefixedFramerErrorTests
{
    private static MessageParser<byte[]> Parser(LengthPrefixedFramer framer) =>
        (ref ReadOnlySequence<byte> buffer, out byte[] message) =>
        {
            var ok = framer.TryReadFrame(ref buffer, out var payload);
            message = ok ? payload.ToArray() : [];
            return ok;
        };

    [Fact]
    public void Length_above_the_maximum_is_refused_from_the_prefix_alone()
    {
        var framer = new LengthPrefixedFramer();
        // Only the 4 prefix bytes: the framer must not wait for (or buffer) the payload to refuse it.
        var buffer = new ReadOnlySequence<byte>([0x00, 0x10, 0x00, 0x01]);
        var original = buffer;

        var error = Assert.Throws<FrameTooLargeException>(() => framer.TryReadFrame(ref buffer, out _));

        Assert.Equal(1_048_577UL, error.Length);
        Assert.Equal(1_048_576L, error.MaxLength);
        Assert.Contains("1048577", error.Message);
        Assert.Equal(original, buffer);
        Assert.IsAssignableFrom<IOException>(error);
    }

    [Fact]
    public void Length_equal_to_the_maximum_is_accepted()
    {
        var framer = new LengthPrefixedFramer(new() { MaxFrameLength = 3 });
        var buffer = new ReadOnlySequence<byte>([0, 0, 0, 3, 1, 2, 3]);

        Assert.True(framer.TryReadFrame(ref buffer, out var payload));
        Assert.Equal(3, payload.Length);
    }

    [Fact]
    public void Hostile_prefix_0xFFFFFFFF_is_refused_without_allocating()
    {
        var framer = new LengthPrefixedFramer();
        var segmented = BufferSequence.SplitAt(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, 2);
        var contiguous = new ReadOnlySequence<byte>([0xFF, 0xFF, 0xFF, 0xFF]);
        FrameTooLargeException? error = null;

        // Warm up (JIT, exception machinery), then measure one call of each shape.
        foreach (var warm in new[] { contiguous, segmented })
        {
            var b = warm;
            Assert.Throws<FrameTooLargeException>(() => framer.TryReadFrame(ref b, out _));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var buffer = contiguous;
        try
        {
            framer.TryReadFrame(ref buffer, out _);
        }
        catch (FrameTooLargeException ex)
        {
            error = ex;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.NotNull(error);
        Assert.Equal(0xFFFFFFFFUL, error.Length);
        // The exception object, its message and stack trace: nothing near the 4 GiB declared.
        Assert.True(allocated < 4096, $"allocated {allocated} bytes");

        before = GC.GetAllocatedBytesForCurrentThread();
        buffer = segmented;
        Assert.Throws<FrameTooLargeException>(() => framer.TryReadFrame(ref buffer, out _));
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 4096, $"allocated {allocated} bytes (segmented prefix)");
    }

    [Fact]
    public void Successful_reads_allocate_nothing()
    {
        var framer = new LengthPrefixedFramer();
        var input = WireFormat.Frames(framer.Options, Enumerable.Range(0, 100).Select(i => WireFormat.Payload(i % 40)).ToArray());
        var segmented = BufferSequence.Segmented(input, 7);
        Drain(framer, segmented);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var frames = Drain(framer, segmented) + Drain(framer, new ReadOnlySequence<byte>(input));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(200, frames);
        Assert.Equal(0, allocated);

        static int Drain(LengthPrefixedFramer framer, ReadOnlySequence<byte> buffer)
        {
            var count = 0;
            while (framer.TryReadFrame(ref buffer, out _))
            {
                count++;
            }

            return count;
        }
    }

    [Fact]
    public void UInt64_length_beyond_long_range_is_refused_not_overflowed()
    {
        var framer = new LengthPrefixedFramer(new() { Prefix = LengthPrefixFormat.UInt64 });
        var buffer = new ReadOnlySequence<byte>([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE]);

        var error = Assert.Throws<FrameTooLargeException>(() => framer.TryReadFrame(ref buffer, out _));

        Assert.Equal(0xFFFFFFFFFFFFFFFEUL, error.Length);
    }

    [Theory]
    [InlineData(LengthPrefixFormat.UInt8, new byte[] { 0 })]
    [InlineData(LengthPrefixFormat.UInt16, new byte[] { 0, 1 })]
    [InlineData(LengthPrefixFormat.UInt24, new byte[] { 0, 0, 2 })]
    [InlineData(LengthPrefixFormat.UInt32, new byte[] { 0, 0, 0, 3 })]
    [InlineData(LengthPrefixFormat.UInt64, new byte[] { 0, 0, 0, 0, 0, 0, 0, 7 })]
    [InlineData(LengthPrefixFormat.Varint, new byte[] { 0 })]
    public void Length_smaller_than_its_own_prefix_is_invalid(LengthPrefixFormat format, byte[] prefix)
    {
        var framer = new LengthPrefixedFramer(WireFormat.Options(format, ByteOrder.BigEndian, includes: true));
        var buffer = new ReadOnlySequence<byte>(prefix);

        var error = Assert.Throws<InvalidFrameException>(() => framer.TryReadFrame(ref buffer, out _));

        Assert.Contains("prefix", error.Message);
    }

    [Fact]
    public void Length_equal_to_its_own_prefix_is_an_empty_frame()
    {
        var framer = new LengthPrefixedFramer(new() { LengthIncludesPrefix = true });
        var buffer = new ReadOnlySequence<byte>([0, 0, 0, 4]);

        Assert.True(framer.TryReadFrame(ref buffer, out var payload));
        Assert.True(payload.IsEmpty);
    }

    [Fact]
    public void Error_after_good_frames_is_the_same_at_every_split()
    {
        var framer = new LengthPrefixedFramer(new() { MaxFrameLength = 100 });
        var input = WireFormat.Frames(framer.Options, "one"u8.ToArray(), "two"u8.ToArray()).Concat(new byte[] { 0, 0, 0, 101, 9, 9 }).ToArray();

        var report = ParserHarness.VerifySplits(Parser(framer), input);

        report.ThrowIfInconsistent();
        Assert.Equal(2, report.Whole.Messages.Count);
        Assert.IsType<FrameTooLargeException>(report.Whole.Exception);
    }

    [Fact]
    public void Options_are_validated_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new LengthPrefixedFramer(new() { MaxFrameLength = -1 }));
        Assert.Throws<ArgumentException>(() => new LengthPrefixedFramer(new() { Prefix = (LengthPrefixFormat)42 }));
        Assert.Throws<ArgumentException>(() => new LengthPrefixedFramer(new() { ByteOrder = (ByteOrder)42 }));

        // A 1-byte prefix cannot describe the default 1 MiB maximum; the message says what to set.
        var error = Assert.Throws<ArgumentException>(() => new LengthPrefixedFramer(new() { Prefix = LengthPrefixFormat.UInt8 }));
        Assert.Contains("255", error.Message);
        _ = new LengthPrefixedFramer(new() { Prefix = LengthPrefixFormat.UInt8, MaxFrameLength = 255 });
        Assert.Throws<ArgumentException>(() => new LengthPrefixedFramer(new() { Prefix = LengthPrefixFormat.UInt8, MaxFrameLength = 255, LengthIncludesPrefix = true }));
        _ = new LengthPrefixedFramer(new() { Prefix = LengthPrefixFormat.UInt16, MaxFrameLength = 65533, LengthIncludesPrefix = true });
        Assert.Throws<ArgumentException>(() => new LengthPrefixedFramer(new() { Prefix = LengthPrefixFormat.UInt16, MaxFrameLength = 65534, LengthIncludesPrefix = true }));
        _ = new LengthPrefixedFramer(new() { Prefix = LengthPrefixFormat.UInt32, MaxFrameLength = int.MaxValue, LengthIncludesPrefix = true });
        _ = new LengthPrefixedFramer(new() { MaxFrameLength = 0 });
    }

    [Fact]
    public void Options_are_copied_at_construction()
    {
        var options = new LengthPrefixedFramerOptions { MaxFrameLength = 10 };
        var framer = new LengthPrefixedFramer(options);
        options.MaxFrameLength = 1000;
        framer.Options.MaxFrameLength = 1000;
        var buffer = new ReadOnlySequence<byte>([0, 0, 0, 11]);

        Assert.Equal(10, framer.Options.MaxFrameLength);
        Assert.Throws<FrameTooLargeException>(() => framer.TryReadFrame(ref buffer, out _));
    }

    [Fact]
    public void Defaults_are_documented_values()
    {
        var options = new LengthPrefixedFramerOptions();

        Assert.Equal(LengthPrefixFormat.UInt32, options.Prefix);
        Assert.Equal(ByteOrder.BigEndian, options.ByteOrder);
        Assert.False(options.LengthIncludesPrefix);
        Assert.Equal(1_048_576, options.MaxFrameLength);
    }
}
