using NetPrimitives.Framing;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Framing;

public sealed class LengthPrefixedFramerWriteTests
{
    [Theory]
    [MemberData(nameof(WireFormat.AllCombinations), MemberType = typeof(WireFormat))]
    public void Writes_the_reference_encoding_for_every_combination(LengthPrefixFormat format, ByteOrder order, bool includes)
    {
        var options = WireFormat.Options(format, order, includes);
        var framer = new LengthPrefixedFramer(options);
        foreach (var length in new[] { 0, 1, 127, 128, 200, 4095, 4096, 5000 })
        {
            if (length > options.MaxFrameLength)
            {
                continue;
            }

            var payload = WireFormat.Payload(length);
            var fromSpan = new ArrayBufferWriter<byte>();
            var fromSequence = new ArrayBufferWriter<byte>();

            framer.WriteFrame(fromSpan, payload);
            framer.WriteFrame(fromSequence, BufferSequence.Segmented(payload, 33));

            var expected = WireFormat.Frame(options, payload);
            Assert.Equal(expected, fromSpan.WrittenSpan.ToArray());
            Assert.Equal(expected, fromSequence.WrittenSpan.ToArray());
        }
    }

    [Theory]
    [InlineData(LengthPrefixFormat.UInt8, false, 256, 255UL)]
    [InlineData(LengthPrefixFormat.UInt8, true, 255, 254UL)]
    [InlineData(LengthPrefixFormat.UInt16, false, 65536, 65535UL)]
    [InlineData(LengthPrefixFormat.UInt16, true, 65534, 65533UL)]
    [InlineData(LengthPrefixFormat.UInt24, false, 16_777_216, 16_777_215UL)]
    public void Length_the_prefix_cannot_represent_is_refused_before_writing(LengthPrefixFormat format, bool includes, int length, ulong max)
    {
        var framer = new LengthPrefixedFramer(WireFormat.Options(format, ByteOrder.BigEndian, includes));
        var writer = new ArrayBufferWriter<byte>();
        var payload = new byte[length];

        var error = Assert.Throws<FrameLengthOverflowException>(() => framer.WriteFrame(writer, payload));
        var fromSequence = Assert.Throws<FrameLengthOverflowException>(() => framer.WriteFrame(writer, BufferSequence.Segmented(payload, length / 2 + 1)));

        Assert.Equal(0, writer.WrittenCount);
        Assert.Equal(length, error.Length);
        Assert.Equal(max, error.MaxRepresentableLength);
        Assert.Equal(format, error.Prefix);
        Assert.Equal(length, fromSequence.Length);
    }

    [Fact]
    public void UInt32_refuses_a_payload_over_four_GiB_before_writing()
    {
        // A sequence that claims 5 GiB without allocating it: the framer must refuse from the length alone.
        var framer = new LengthPrefixedFramer();
        var first = new FakeSegment(new byte[1], 0);
        var last = new FakeSegment(new byte[1], 5L * 1024 * 1024 * 1024);
        first.SetNext(last);
        var payload = new ReadOnlySequence<byte>(first, 0, last, 1);
        var writer = new ArrayBufferWriter<byte>();

        var error = Assert.Throws<FrameLengthOverflowException>(() => framer.WriteFrame(writer, payload));

        Assert.Equal(5L * 1024 * 1024 * 1024 + 1, error.Length);
        Assert.Equal(uint.MaxValue, error.MaxRepresentableLength);
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public void Write_does_not_apply_the_read_maximum()
    {
        var framer = new LengthPrefixedFramer(new() { MaxFrameLength = 4 });
        var writer = new ArrayBufferWriter<byte>();

        framer.WriteFrame(writer, new byte[10]);

        Assert.Equal(14, writer.WrittenCount);
    }

    [Fact]
    public void Large_payload_is_written_in_chunks_not_one_giant_span()
    {
        var framer = new LengthPrefixedFramer();
        var writer = new RecordingWriter();
        var payload = WireFormat.Payload(100_000);

        framer.WriteFrame(writer, payload);

        Assert.Equal(WireFormat.Frame(framer.Options, payload), writer.Written.ToArray());
        Assert.True(writer.LargestHint <= 16 * 1024, $"largest size hint {writer.LargestHint}");
    }

    [Fact]
    public async Task Writes_to_a_pipe_and_reads_back_the_same_frames()
    {
        var framer = new LengthPrefixedFramer();
        var pipe = new Pipe();
        framer.WriteFrame(pipe.Writer, "a"u8);
        framer.WriteFrame(pipe.Writer, BufferSequence.FromChunks("b"u8.ToArray(), "c"u8.ToArray()));
        await pipe.Writer.FlushAsync();

        Assert.True(pipe.Reader.TryRead(out var result));
        var buffer = result.Buffer;
        var payloads = new List<string>();
        while (framer.TryReadFrame(ref buffer, out var payload))
        {
            payloads.Add(Encoding.ASCII.GetString(payload));
        }

        pipe.Reader.AdvanceTo(buffer.End);
        Assert.Equal(["a", "bc"], payloads);
    }

    private sealed class FakeSegment : ReadOnlySequenceSegment<byte>
    {
        public FakeSegment(byte[] memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void SetNext(FakeSegment next) => Next = next;
    }

    /// <summary>Hands out 1 KiB spans (or the hint, when larger) and records the largest hint asked for.</summary>
    private sealed class RecordingWriter : IBufferWriter<byte>
    {
        private readonly ArrayBufferWriter<byte> _inner = new();
        private byte[] _current = [];

        public int LargestHint { get; private set; }

        public ReadOnlySpan<byte> Written => _inner.WrittenSpan;

        public void Advance(int count) => _inner.Write(_current.AsSpan(0, count));

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            LargestHint = Math.Max(LargestHint, sizeHint);
            _current = new byte[Math.Max(sizeHint, 1024)];
            return _current;
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
