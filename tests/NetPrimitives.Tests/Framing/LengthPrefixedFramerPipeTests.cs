using NetPrimitives.Framing;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Framing;

public sealed class LengthPrefixedFramerPipeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Frames_written_by_the_client_are_read_by_the_server_one_at_a_time()
    {
        var framer = new LengthPrefixedFramer();
        var pair = DuplexPipePair.Create();

        await framer.WriteFrameAsync(pair.Client.Output, "Beautiful is better than ugly."u8.ToArray());
        await framer.WriteFrameAsync(pair.Client.Output, ReadOnlyMemory<byte>.Empty);
        await framer.WriteFrameAsync(pair.Client.Output, "after the empty one"u8.ToArray());
        await pair.Client.Output.CompleteAsync();

        Assert.Equal("Beautiful is better than ugly.", Encoding.ASCII.GetString((await framer.ReadFrameAsync(pair.Server.Input).AsTask().WaitAsync(Timeout))!));
        var empty = await framer.ReadFrameAsync(pair.Server.Input).AsTask().WaitAsync(Timeout);
        Assert.NotNull(empty);
        Assert.Empty(empty);
        Assert.Equal("after the empty one", Encoding.ASCII.GetString((await framer.ReadFrameAsync(pair.Server.Input).AsTask().WaitAsync(Timeout))!));
        Assert.Null(await framer.ReadFrameAsync(pair.Server.Input).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task ReadFramesAsync_yields_every_frame_fed_byte_by_byte_then_ends()
    {
        var framer = new LengthPrefixedFramer(new() { Prefix = LengthPrefixFormat.Varint });
        var payloads = Enumerable.Range(0, 20).Select(i => WireFormat.Payload(i * 17)).ToArray();
        var input = WireFormat.Frames(framer.Options, payloads);
        var pipe = new Pipe();

        var writer = Task.Run(async () =>
        {
            foreach (var b in input)
            {
                await pipe.Writer.WriteAsync(new[] { b });
            }

            await pipe.Writer.CompleteAsync();
        });

        var read = new List<byte[]>();
        await foreach (var frame in framer.ReadFramesAsync(pipe.Reader).WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            read.Add(frame);
        }

        await writer.WaitAsync(Timeout);
        Assert.Equal(payloads, read);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0 }, 4, 2)]
    [InlineData(new byte[] { 0, 0, 0, 10, 1, 2, 3 }, 14, 7)]
    public async Task Pipe_that_ends_inside_a_frame_is_a_truncated_frame(byte[] tail, long expected, long received)
    {
        var framer = new LengthPrefixedFramer();
        var pipe = new Pipe();
        await framer.WriteFrameAsync(pipe.Writer, "whole"u8.ToArray());
        await pipe.Writer.WriteAsync(tail);
        await pipe.Writer.CompleteAsync();

        Assert.NotNull(await framer.ReadFrameAsync(pipe.Reader));
        var error = await Assert.ThrowsAsync<TruncatedFrameException>(() => framer.ReadFrameAsync(pipe.Reader).AsTask().WaitAsync(Timeout));

        Assert.Equal(expected, error.BytesExpected);
        Assert.Equal(received, error.BytesReceived);
        Assert.Contains($"{received} of {expected}", error.Message);
    }

    [Fact]
    public async Task Pipe_that_ends_inside_a_varint_reports_a_lower_bound()
    {
        var framer = new LengthPrefixedFramer(new() { Prefix = LengthPrefixFormat.Varint });
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0x80, 0x80 });
        await pipe.Writer.CompleteAsync();

        var error = await Assert.ThrowsAsync<TruncatedFrameException>(() => framer.ReadFrameAsync(pipe.Reader).AsTask().WaitAsync(Timeout));

        Assert.Equal(3, error.BytesExpected);
        Assert.Equal(2, error.BytesReceived);
    }

    [Fact]
    public async Task Oversized_frame_is_refused_while_its_payload_is_still_unsent()
    {
        var framer = new LengthPrefixedFramer(new() { MaxFrameLength = 1000 });
        var pipe = new Pipe();
        // Only the prefix has been sent; the reader must not wait for the 5000 bytes it announces.
        await pipe.Writer.WriteAsync(new byte[] { 0, 0, 0x13, 0x88 });

        var error = await Assert.ThrowsAsync<FrameTooLargeException>(() => framer.ReadFrameAsync(pipe.Reader).AsTask().WaitAsync(Timeout));

        Assert.Equal(5000UL, error.Length);
        Assert.Equal(1000, error.MaxLength);
    }

    [Fact]
    public async Task ProcessFramesAsync_hands_out_slices_without_copying_and_counts_frames()
    {
        var framer = new LengthPrefixedFramer();
        var pair = DuplexPipePair.Create();
        var seen = new List<string>();
        var server = framer.ProcessFramesAsync(pair.Server.Input, (payload, _) =>
        {
            seen.Add(Encoding.ASCII.GetString(payload));
            return ValueTask.CompletedTask;
        }).AsTask();

        foreach (var text in new[] { "one", "", "three" })
        {
            await framer.WriteFrameAsync(pair.Client.Output, Encoding.ASCII.GetBytes(text));
        }

        await pair.Client.Output.CompleteAsync();

        Assert.Equal(3, await server.WaitAsync(Timeout));
        Assert.Equal(["one", "", "three"], seen);
    }

    [Fact]
    public async Task ProcessFramesAsync_reports_a_truncated_last_frame()
    {
        var framer = new LengthPrefixedFramer();
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0, 0, 0, 1, 42, 0, 0, 0, 9, 1 });
        await pipe.Writer.CompleteAsync();
        var count = 0;

        var error = await Assert.ThrowsAsync<TruncatedFrameException>(() =>
            framer.ProcessFramesAsync(pipe.Reader, (_, _) => { count++; return ValueTask.CompletedTask; }).AsTask().WaitAsync(Timeout));

        Assert.Equal(1, count);
        Assert.Equal(13, error.BytesExpected);
        Assert.Equal(5, error.BytesReceived);
    }

    [Fact]
    public async Task Frame_larger_than_the_pipe_pause_threshold_needs_a_larger_threshold()
    {
        // A frame is buffered whole, so the pipe must let that much through before pausing its writer.
        var framer = new LengthPrefixedFramer();
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 2 * 1024 * 1024, resumeWriterThreshold: 1024 * 1024));
        var payload = WireFormat.Payload(LengthPrefixedFramerOptions.DefaultMaxFrameLength);

        var write = framer.WriteFrameAsync(pipe.Writer, payload).AsTask();
        var read = await framer.ReadFrameAsync(pipe.Reader).AsTask().WaitAsync(Timeout);
        await write.WaitAsync(Timeout);

        Assert.Equal(payload, read);
    }

    [Fact]
    public async Task Canceled_pending_read_throws_OperationCanceledException()
    {
        var framer = new LengthPrefixedFramer();
        var pipe = new Pipe();
        var read = framer.ReadFrameAsync(pipe.Reader).AsTask();
        pipe.Reader.CancelPendingRead();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Token_cancels_a_read_that_waits_for_data()
    {
        var framer = new LengthPrefixedFramer();
        var pipe = new Pipe();
        using var cts = new CancellationTokenSource();
        var read = framer.ReadFrameAsync(pipe.Reader, cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Timeout));
    }
}
