using NetPrimitives.Http;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Http;

/// <summary>Responses to pipelined requests that are already buffered leave in one flush (one send), in order.</summary>
public sealed class HttpConnectionFlushTests
{
    [Fact]
    public async Task Sixteen_buffered_requests_are_answered_with_one_flush()
    {
        await using var server = new MiniHttpServer(new MiniHttpServerOptions());
        server.Map("GET", "/n", (request, response) => response.SendTextAsync(request.Query["i"] ?? "?").AsTask());
        var pipes = DuplexPipePair.Create();
        var counting = new CountingPipe(pipes.Server);

        var requests = string.Concat(Enumerable.Range(0, 16).Select(i => $"GET /n?i={i} HTTP/1.1\r\nHost: x\r\n\r\n"));
        await pipes.Client.Output.WriteAsync(Encoding.ASCII.GetBytes(requests));

        using var stop = new CancellationTokenSource();
        var connection = new HttpConnection(server, counting, "T-1", null, null, stop.Token);
        var run = connection.RunAsync();

        var text = await ReadUntilAsync(pipes.Client.Input, "\r\n\r\n15");
        Assert.Equal(1, counting.Flushes);
        Assert.Equal(16, text.Split("HTTP/1.1 200 OK").Length - 1);
        var bodies = Enumerable.Range(0, 16).Select(i => text.IndexOf($"\r\n\r\n{i}", StringComparison.Ordinal)).ToArray();
        Assert.All(bodies, b => Assert.True(b > 0));
        Assert.Equal(bodies.Order(), bodies); // in request order (RFC 9112 §9.3.2)

        // A seventeenth request arriving later gets its own flush.
        await pipes.Client.Output.WriteAsync(Encoding.ASCII.GetBytes("GET /n?i=16 HTTP/1.1\r\nHost: x\r\n\r\n"));
        await ReadUntilAsync(pipes.Client.Input, "\r\n\r\n16");
        Assert.Equal(2, counting.Flushes);

        await pipes.Client.Output.CompleteAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    internal static async Task<string> ReadUntilAsync(PipeReader input, string end)
    {
        while (true)
        {
            var result = await input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            var text = Encoding.ASCII.GetString(result.Buffer.ToArray());
            if (text.EndsWith(end, StringComparison.Ordinal) || result.IsCompleted)
            {
                input.AdvanceTo(result.Buffer.End);
                return text;
            }

            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>The server side of the pair, counting the flushes of its output.</summary>
    private sealed class CountingPipe(IDuplexPipe inner) : IDuplexPipe
    {
        private readonly CountingWriter _output = new(inner.Output);

        public int Flushes => _output.Flushes;

        public PipeReader Input => inner.Input;

        public PipeWriter Output => _output;

        private sealed class CountingWriter(PipeWriter inner) : PipeWriter
        {
            public int Flushes { get; private set; }

            public override void Advance(int bytes) => inner.Advance(bytes);

            public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

            public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

            public override void CancelPendingFlush() => inner.CancelPendingFlush();

            public override void Complete(Exception? exception = null) => inner.Complete(exception);

            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
            {
                Flushes++;
                return inner.FlushAsync(cancellationToken);
            }
        }
    }
}
