using NetPrimitives.Framing;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Framing;

public sealed class LineFramerAsyncTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Lines_round_trip_through_a_duplex_pipe()
    {
        var framer = new LineFramer();
        var pair = DuplexPipePair.Create();
        await framer.WriteLineAsync(pair.Client.Output, "EHLO example"u8.ToArray());
        await framer.WriteLineAsync(pair.Client.Output, ReadOnlyMemory<byte>.Empty);
        await framer.WriteLineAsync(pair.Client.Output, "QUIT"u8.ToArray());
        await pair.Client.Output.CompleteAsync();

        var lines = new List<string>();
        await foreach (var line in framer.ReadLinesAsync(pair.Server.Input).WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            lines.Add(Encoding.ASCII.GetString(line));
        }

        Assert.Equal(["EHLO example", "", "QUIT"], lines);
    }

    [Fact]
    public async Task ProcessLinesAsync_hands_out_each_line_then_counts_them()
    {
        var framer = new LineFramer();
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("one\r\ntwo\n\nfour\r"u8.ToArray());
        await pipe.Writer.WriteAsync("\n"u8.ToArray());
        await pipe.Writer.CompleteAsync();
        var seen = new List<string>();

        var count = await framer.ProcessLinesAsync(pipe.Reader, (line, _) =>
        {
            seen.Add(Encoding.ASCII.GetString(line));
            return ValueTask.CompletedTask;
        }).AsTask().WaitAsync(Timeout);

        Assert.Equal(4, count);
        Assert.Equal(["one", "two", "", "four"], seen);
    }

    [Fact]
    public async Task ProcessLinesAsync_reports_an_unterminated_last_line()
    {
        var framer = new LineFramer();
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("one\npart"u8.ToArray());
        await pipe.Writer.CompleteAsync();

        var error = await Assert.ThrowsAsync<TruncatedFrameException>(() =>
            framer.ProcessLinesAsync(pipe.Reader, (_, _) => ValueTask.CompletedTask).AsTask().WaitAsync(Timeout));
        Assert.Equal(4, error.BytesReceived);
    }

    [Fact]
    public async Task Unterminated_last_line_is_a_truncated_frame()
    {
        var framer = new LineFramer();
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("done\npartial"u8.ToArray());
        await pipe.Writer.CompleteAsync();

        Assert.Equal("done", Encoding.ASCII.GetString((await framer.ReadLineAsync(pipe.Reader))!));
        var error = await Assert.ThrowsAsync<TruncatedFrameException>(() => framer.ReadLineAsync(pipe.Reader).AsTask().WaitAsync(Timeout));

        Assert.Equal(7, error.BytesReceived);
        Assert.Equal(8, error.BytesExpected);
    }

    [Fact]
    public async Task Endless_line_from_a_pipe_is_refused_without_buffering_it_all()
    {
        var framer = new LineFramer(new() { MaxLineLength = 100 });
        var pipe = new Pipe();
        var read = framer.ReadLineAsync(pipe.Reader).AsTask();

        // The writer keeps sending without a line ending; the reader gives up once 102 bytes are in.
        var sent = 0;
        while (!read.IsCompleted && sent < 1_000_000)
        {
            await pipe.Writer.WriteAsync(new byte[10]);
            sent += 10;
            await Task.Yield();
        }

        var error = await Assert.ThrowsAsync<LineTooLongException>(() => read.WaitAsync(Timeout));
        Assert.Equal(100, error.MaxLength);
        Assert.True(sent < 1_000_000);
    }

    [Fact]
    public async Task ReadLineAsync_from_a_stream_takes_one_line_and_leaves_the_rest()
    {
        var framer = new LineFramer();
        var stream = new MemoryStream("220 ready\r\nrest"u8.ToArray());

        var line = await framer.ReadLineAsync(stream);

        Assert.Equal("220 ready", Encoding.ASCII.GetString(line!));
        Assert.Equal(11, stream.Position);
    }

    [Fact]
    public async Task ReadLineAsync_from_a_stream_enforces_the_maximum()
    {
        var framer = new LineFramer(new() { MaxLineLength = 4 });

        await Assert.ThrowsAsync<LineTooLongException>(() => framer.ReadLineAsync(new ChunkedStream("12345\n"u8.ToArray())).AsTask());
        Assert.Equal("1234", Encoding.ASCII.GetString((await framer.ReadLineAsync(new ChunkedStream("1234\r\n"u8.ToArray())))!));
        Assert.Null(await framer.ReadLineAsync(new ChunkedStream(ReadOnlyMemory<byte>.Empty)));
        await Assert.ThrowsAsync<TruncatedFrameException>(() => framer.ReadLineAsync(new ChunkedStream("12"u8.ToArray())).AsTask());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public async Task ReadLinesAsync_from_a_chunked_stream_splits_CR_and_LF_anywhere(int chunk)
    {
        var framer = new LineFramer(new() { LineEnding = LineEnding.CrLf });
        var stream = new ChunkedStream("one\r\ntwo\nstill two\r\n\r\nfour\r\n"u8.ToArray(), chunk);

        var lines = new List<string>();
        await foreach (var line in framer.ReadLinesAsync(stream).WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            lines.Add(Encoding.ASCII.GetString(line));
        }

        Assert.Equal(["one", "two\nstill two", "", "four"], lines);
    }

    [Fact]
    public async Task WriteLineAsync_to_a_stream_writes_line_and_terminator()
    {
        var framer = new LineFramer(new() { LineEnding = LineEnding.Lf });
        var stream = new MemoryStream();

        await framer.WriteLineAsync(stream, "hello"u8.ToArray());
        await Assert.ThrowsAsync<ArgumentException>(() => framer.WriteLineAsync(stream, "a\nb"u8.ToArray()).AsTask());

        Assert.Equal("hello\n", Encoding.ASCII.GetString(stream.ToArray()));
    }
}
