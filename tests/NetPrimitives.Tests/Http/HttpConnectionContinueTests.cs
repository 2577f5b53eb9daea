using NetPrimitives.Http;
using NetPrimitives.Testing;
using static NetPrimitives.Tests.Http.HttpConnectionFlushTests;

namespace NetPrimitives.Tests.Http;

/// <summary>
/// RFC 9110 §10.1.1 on an in-memory connection, with the request cut at every point: a client that sent some of the
/// body with its head did not wait for the interim 100, so it gets only the final response (a client that reads one
/// status line is not confused); a client that stopped at the end of the head gets its 100 Continue.
/// </summary>
public sealed class HttpConnectionContinueTests
{
    private const string Head = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n";
    private const string Body = "ping";

    [Fact]
    public async Task Interim_100_only_when_no_body_byte_came_with_the_head_at_every_split_point()
    {
        await using var server = new MiniHttpServer(new MiniHttpServerOptions());
        server.Map("POST", "/echo", async (request, response) => await response.SendTextAsync(await request.ReadTextAsync()));
        const string Request = Head + Body;
        for (var split = 1; split < Request.Length; split++)
        {
            var pipes = DuplexPipePair.Create();
            using var stop = new CancellationTokenSource();
            var run = new HttpConnection(server, pipes.Server, "T-" + split, null, null, stop.Token).RunAsync();
            await WriteAsync(pipes, Request[..split]);
            if (split <= Head.Length)
            {
                // The head, and nothing of the body until the server asks for it.
                await WriteAsync(pipes, Request[split..Head.Length]);
                Assert.Equal("HTTP/1.1 100 Continue\r\n\r\n", await ReadUntilAsync(pipes.Client.Input, "\r\n\r\n"));
                await WriteAsync(pipes, Body);
            }
            else
            {
                await WriteAsync(pipes, Request[split..]);
            }

            var final = await ReadUntilAsync(pipes.Client.Input, "\r\n\r\n" + Body);
            Assert.True(final.StartsWith("HTTP/1.1 200 OK\r\n", StringComparison.Ordinal), $"split at {split}: {final}");
            await pipes.Client.Output.CompleteAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private static async Task WriteAsync(DuplexPipePair pipes, string text)
    {
        if (text.Length > 0)
        {
            await pipes.Client.Output.WriteAsync(Encoding.ASCII.GetBytes(text));
        }
    }
}
