using NetPrimitives.Framing;

namespace NetPrimitives.Tests.Framing;

/// <summary>
/// The span overload of TryReadFrame must say exactly what the sequence overload says, for every wire
/// format, every truncation of the input and every error; these tests hold it to that.
/// </summary>
public sealed class LengthPrefixedFramerSpanTests
{
    [Fact]
    public void Reads_blocks_py_frames_back_to_back()
    {
        var framer = new LengthPrefixedFramer();
        // struct.pack('!I', 5) + b'hello' + struct.pack('!I', 0) + a partial frame
        ReadOnlySpan<byte> buffer = [0, 0, 0, 5, .. "hello"u8, 0, 0, 0, 0, 0, 0, 0, 2, 0xAA];

        Assert.True(framer.TryReadFrame(buffer, out var first, out var consumed));
        Assert.Equal("hello"u8.ToArray(), first.ToArray());
        Assert.Equal(9, consumed);
        buffer = buffer[consumed..];

        Assert.True(framer.TryReadFrame(buffer, out var empty, out consumed));
        Assert.True(empty.IsEmpty);
        Assert.Equal(4, consumed);
        buffer = buffer[consumed..];

        Assert.False(framer.TryReadFrame(buffer, out var none, out consumed));
        Assert.True(none.IsEmpty);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Payload_is_a_slice_of_the_input_not_a_copy()
    {
        var framer = new LengthPrefixedFramer();
        byte[] data = [0, 0, 0, 3, 1, 2, 3];

        Assert.True(framer.TryReadFrame(data, out var payload, out _));

        Assert.True(System.Runtime.CompilerServices.Unsafe.AreSame(ref data[4], ref System.Runtime.InteropServices.MemoryMarshal.GetReference(payload)));
    }

    [Theory]
    [MemberData(nameof(WireFormat.AllCombinations), MemberType = typeof(WireFormat))]
    public void Agrees_with_the_sequence_overload_on_every_truncation(LengthPrefixFormat format, ByteOrder order, bool includes)
    {
        var options = WireFormat.Options(format, order, includes);
        var framer = new LengthPrefixedFramer(options);
        byte[][] payloads = [[], [7], WireFormat.Payload(127), WireFormat.Payload(128), WireFormat.Payload(200)];
        var input = WireFormat.Frames(options, payloads);

        for (var length = 0; length <= input.Length; length++)
        {
            Assert.Equal(ReadAllWithSequences(framer, input.AsSpan(0, length)), ReadAllWithSpans(framer, input.AsSpan(0, length)));
        }

        Assert.Equal(payloads, ReadAllWithSpans(framer, input).Frames);
    }

    public static TheoryData<LengthPrefixedFramerOptions, byte[]> HostileInputs => new()
    {
        { new LengthPrefixedFramerOptions { MaxFrameLength = 1024 * 1024 }, [0xFF, 0xFF, 0xFF, 0xFF] },
        { new LengthPrefixedFramerOptions { MaxFrameLength = 10 }, [0, 0, 0, 11, .. new byte[11]] },
        { new LengthPrefixedFramerOptions { Prefix = LengthPrefixFormat.UInt16, LengthIncludesPrefix = true, MaxFrameLength = 1000 }, [0, 1] },
        { new LengthPrefixedFramerOptions { Prefix = LengthPrefixFormat.Varint }, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F] },
        { new LengthPrefixedFramerOptions { Prefix = LengthPrefixFormat.Varint, MaxFrameLength = 100 }, [0x80, 0x01] },
        { new LengthPrefixedFramerOptions { Prefix = LengthPrefixFormat.UInt64, ByteOrder = ByteOrder.LittleEndian }, [0, 0, 0, 0, 0, 0, 0, 0x80] },
    };

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void Throws_what_the_sequence_overload_throws(LengthPrefixedFramerOptions options, byte[] input)
    {
        var framer = new LengthPrefixedFramer(options);
        var sequence = new ReadOnlySequence<byte>(input);

        var expected = Assert.ThrowsAny<FramingException>(() => framer.TryReadFrame(ref sequence, out _));
        var actual = Assert.ThrowsAny<FramingException>(() => framer.TryReadFrame(input.AsSpan(), out _, out _));

        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.Message, actual.Message);
    }

    [Fact]
    public void Successful_reads_allocate_nothing()
    {
        var framer = new LengthPrefixedFramer();
        var data = WireFormat.Frames(framer.Options, [.. Enumerable.Range(0, 64).Select(n => WireFormat.Payload(n))]);
        _ = ReadAllWithSpans(framer, data); // JIT first

        var before = GC.GetAllocatedBytesForCurrentThread();
        var span = data.AsSpan();
        long total = 0;
        while (framer.TryReadFrame(span, out var payload, out var consumed))
        {
            total += payload.Length;
            span = span[consumed..];
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(Enumerable.Range(0, 64).Sum(), total);
    }

    private static Outcome ReadAllWithSpans(LengthPrefixedFramer framer, ReadOnlySpan<byte> input)
    {
        var frames = new List<byte[]>();
        try
        {
            while (framer.TryReadFrame(input, out var payload, out var consumed))
            {
                frames.Add(payload.ToArray());
                input = input[consumed..];
            }

            return new Outcome(frames, input.Length, null);
        }
        catch (FramingException e)
        {
            return new Outcome(frames, input.Length, e.GetType());
        }
    }

    private static Outcome ReadAllWithSequences(LengthPrefixedFramer framer, ReadOnlySpan<byte> input)
    {
        var frames = new List<byte[]>();
        var buffer = new ReadOnlySequence<byte>(input.ToArray());
        try
        {
            while (framer.TryReadFrame(ref buffer, out var payload))
            {
                frames.Add(payload.ToArray());
            }

            return new Outcome(frames, (int)buffer.Length, null);
        }
        catch (FramingException e)
        {
            return new Outcome(frames, (int)buffer.Length, e.GetType());
        }
    }

    private sealed record Outcome(List<byte[]> Frames, int Remaining, Type? Error)
    {
        public bool Equals(Outcome? other) =>
            other is not null && Remaining == other.Remaining && Error == other.Error
            && Frames.Count == other.Frames.Count && Frames.Zip(other.Frames).All(p => p.First.AsSpan().SequenceEqual(p.Second));

        public override int GetHashCode() => HashCode.Combine(Remaining, Error, Frames.Count);
    }
}
