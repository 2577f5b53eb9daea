using NetPrimitives.Framing;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Framing;

public sealed class LengthPrefixedFramerStreamTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static TheoryData<LengthPrefixFormat, int[]> FormatsAndChunkings()
    {
        var data = new TheoryData<LengthPrefixFormat, int[]>();
        foreach (var format in new[] { LengthPrefixFormat.UInt16, LengthPrefixFormat.UInt32, LengthPrefixFormat.UInt64, LengthPrefixFormat.Varint })
        {
            data.Add(format, [1]);
            data.Add(format, [3, 1, 7]);
            data.Add(format, [4096]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FormatsAndChunkings))]
    public async Task Reads_every_frame_whatever_the_stream_returns_per_read(LengthPrefixFormat format, int[] chunks)
    {
        var options = WireFormat.Options(format, ByteOrder.BigEndian, includes: false);
        var framer = new LengthPrefixedFramer(options);
        byte[][] payloads = [[], [1], WireFormat.Payload(255), WireFormat.Payload(256), WireFormat.Payload(3000)];
        var stream = new ChunkedStream(WireFormat.Frames(options, payloads), chunks);

        var read = new List<byte[]>();
        await foreach (var frame in framer.ReadFramesAsync(stream).WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            read.Add(frame);
        }

        Assert.Equal(payloads, read);
    }

    [Fact]
    public async Task Reads_exactly_one_frame_and_leaves_the_rest_of_the_stream()
    {
        var framer = new LengthPrefixedFramer(new() { Prefix = LengthPrefixFormat.Varint });
        var bytes = WireFormat.Frame(framer.Options, "first"u8).Concat("not a frame"u8.ToArray()).ToArray();
        var stream = new MemoryStream(bytes);

        var frame = await framer.ReadFrameAsync(stream);

        Assert.Equal("first", Encoding.ASCII.GetString(frame!));
        Assert.Equal("not a frame", Encoding.ASCII.GetString(stream.ToArray().AsSpan((int)stream.Position)));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0 }, 4, 3)]
    [InlineData(new byte[] { 0, 0, 0, 5, 1, 2 }, 9, 6)]
    public async Task Stream_that_ends_inside_a_frame_is_a_truncated_frame(byte[] bytes, long expected, long received)
    {
        var framer = new LengthPrefixedFramer();

        var error = await Assert.ThrowsAsync<TruncatedFrameException>(() => framer.ReadFrameAsync(new ChunkedStream(bytes, 2)).AsTask());

        Assert.Equal(expected, error.BytesExpected);
        Assert.Equal(received, error.BytesReceived);
    }

    [Fact]
    public async Task Stream_that_ends_inside_a_varint_is_a_truncated_frame()
    {
        var framer = new LengthPrefixedFramer(new() { Prefix = LengthPrefixFormat.Varint });

        var error = await Assert.ThrowsAsync<TruncatedFrameException>(() => framer.ReadFrameAsync(new ChunkedStream(new byte[] { 0xFF }, 1)).AsTask());

        Assert.Equal(2, error.BytesExpected);
        Assert.Equal(1, error.BytesReceived);
    }

    [Fact]
    public async Task Oversized_frame_is_refused_before_its_payload_is_read_or_allocated()
    {
        var framer = new LengthPrefixedFramer();
        var stream = new ChunkedStream(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3 }, 100);

        var error = await Assert.ThrowsAsync<FrameTooLargeException>(() => framer.ReadFrameAsync(stream).AsTask());

        Assert.Equal(uint.MaxValue, error.Length);
        Assert.Equal(1, stream.ReadCount);
    }

    [Fact]
    public async Task Empty_stream_is_a_clean_end()
    {
        Assert.Null(await new LengthPrefixedFramer().ReadFrameAsync(new ChunkedStream(ReadOnlyMemory<byte>.Empty)));
        Assert.Null(await new LengthPrefixedFramer(new() { Prefix = LengthPrefixFormat.Varint }).ReadFrameAsync(new ChunkedStream(ReadOnlyMemory<byte>.Empty)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(8 * 1024)]
    [InlineData(100_000)]
    public async Task WriteFrameAsync_writes_the_reference_encoding(int length)
    {
        var framer = new LengthPrefixedFramer();
        var payload = WireFormat.Payload(length);
        var stream = new CountingStream();

        await framer.WriteFrameAsync(stream, payload);

        Assert.Equal(WireFormat.Frame(framer.Options, payload), stream.ToArray());
        // Small frames go out in one write call, so they are not split into a prefix segment and a payload segment.
        Assert.Equal(length <= 8 * 1024 ? 1 : 2, stream.Writes);
    }

    [Fact]
    public async Task WriteFrameAsync_refuses_an_unrepresentable_length_before_writing()
    {
        var framer = new LengthPrefixedFramer(new() { Prefix = LengthPrefixFormat.UInt8, MaxFrameLength = 255 });
        var stream = new CountingStream();

        await Assert.ThrowsAsync<FrameLengthOverflowException>(() => framer.WriteFrameAsync(stream, new byte[256]).AsTask());

        Assert.Equal(0, stream.Length);
    }

    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }
    }
}
