using NetPrimitives.Framing;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Framing;

public sealed class EofFramerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Reads_a_pipe_to_the_end_in_many_writes()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512));
        var message = WireFormat.Payload(100_000);

        // Far more than the pause threshold: the reader must consume as it goes or the writer would stall.
        var writer = Task.Run(async () =>
        {
            for (var offset = 0; offset < message.Length; offset += 700)
            {
                await pipe.Writer.WriteAsync(message.AsMemory(offset, Math.Min(700, message.Length - offset)));
            }

            await pipe.Writer.CompleteAsync();
        });

        var read = await EofFramer.ReadToEndAsync(pipe.Reader, 200_000).AsTask().WaitAsync(Timeout);
        await writer.WaitAsync(Timeout);

        Assert.Equal(message, read);
    }

    [Fact]
    public async Task Empty_input_is_an_empty_message()
    {
        var pipe = new Pipe();
        await pipe.Writer.CompleteAsync();

        Assert.Empty(await EofFramer.ReadToEndAsync(pipe.Reader));
        Assert.Empty(await EofFramer.ReadToEndAsync(new ChunkedStream(ReadOnlyMemory<byte>.Empty)));
    }

    [Fact]
    public async Task Message_of_exactly_the_maximum_is_accepted_and_one_more_byte_is_refused()
    {
        var exact = WireFormat.Payload(1000);

        Assert.Equal(exact, await EofFramer.ReadToEndAsync(new ChunkedStream(exact, 300), 1000));
        var error = await Assert.ThrowsAsync<FrameTooLargeException>(() =>
            EofFramer.ReadToEndAsync(new ChunkedStream(WireFormat.Payload(1001), 300), 1000).AsTask());
        Assert.Equal(1001UL, error.Length);
        Assert.Equal(1000, error.MaxLength);

        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[1001]);
        await Assert.ThrowsAsync<FrameTooLargeException>(() => EofFramer.ReadToEndAsync(pipe.Reader, 1000).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Endless_stream_is_refused_after_the_maximum()
    {
        var stream = new EndlessStream();

        await Assert.ThrowsAsync<FrameTooLargeException>(() => EofFramer.ReadToEndAsync(stream, 50_000).AsTask().WaitAsync(Timeout));

        Assert.True(stream.Served <= 50_001 + 8192, $"served {stream.Served}");
    }

    [Fact]
    public async Task Reads_a_stream_in_small_chunks()
    {
        var text = "Beautiful is better than ugly.\nExplicit is better than implicit.\nSimple is better than complex.\n"u8.ToArray();

        Assert.Equal(text, await EofFramer.ReadToEndAsync(new ChunkedStream(text, 1, 7)));
    }

    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Served += count;
            return count;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
