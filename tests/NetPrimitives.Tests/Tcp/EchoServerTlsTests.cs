using NetPrimitives.Framing;
using NetPrimitives.Tcp;
using NetPrimitives.Tests.Infrastructure;
using NetPrimitives.Tests.Transport;
using NetPrimitives.Transport;

namespace NetPrimitives.Tests.Tcp;

/// <summary>The EchoServer over TLS through the transport's options: every mode, with framers on the client, unchanged.</summary>
public sealed class EchoServerTlsTests
{
    private static readonly TestCertificateAuthority Ca = TestCertificateAuthority.Shared;

    private static async Task<EchoServer> StartAsync(EchoMode mode, EchoTransform? transform = null)
    {
        var server = new EchoServer(new EchoServerOptions { Mode = mode, Transform = transform, Tls = Ca.ServerOptions() });
        await server.StartAsync().WaitAsync(PipeRead.Timeout);
        return server;
    }

    private static async Task<TcpConnection> ConnectAsync(EchoServer server) =>
        await TcpConnection.ConnectAsync("localhost", server.LocalEndPoint.Port, new TcpConnectionOptions { Tls = Ca.ClientOptions() }).AsTask().WaitAsync(PipeRead.Timeout);

    [Fact]
    public async Task Twenty_clients_echo_raw_bytes_through_TLS_at_once()
    {
        await using var server = await StartAsync(EchoMode.Raw);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(async seed =>
        {
            await using var client = await ConnectAsync(server);
            var payload = new byte[40_000 + seed];
            new Random(seed).NextBytes(payload);
            var sending = client.Output.WriteAsync(payload).AsTask();
            Assert.Equal(payload, await PipeRead.ExactlyAsync(client.Input, payload.Length));
            await sending;
        }));
    }

    [Fact]
    public async Task Length_prefixed_frames_round_trip_through_TLS_with_the_framer_on_the_client()
    {
        await using var server = await StartAsync(EchoMode.Frames);
        await using var client = await ConnectAsync(server);
        var framer = new LengthPrefixedFramer();
        var random = new Random(18);
        var sent = Enumerable.Range(0, 200).Select(_ =>
        {
            var payload = new byte[random.Next(0, 40_000)]; // some frames span TLS records
            random.NextBytes(payload);
            return payload;
        }).ToArray();

        var writing = Task.Run(async () =>
        {
            foreach (var payload in sent)
            {
                await framer.WriteFrameAsync(client.Output, payload);
            }
        });
        foreach (var expected in sent)
        {
            Assert.Equal(expected, await framer.ReadFrameAsync(client.Input).AsTask().WaitAsync(PipeRead.Timeout));
        }

        await writing;
    }

    [Fact]
    public async Task Lines_are_transformed_through_TLS()
    {
        await using var server = await StartAsync(EchoMode.Lines, EchoTransforms.UpperCase);
        await using var client = await ConnectAsync(server);
        var framer = new LineFramer();
        await framer.WriteLineAsync(client.Output, "hello over tls"u8.ToArray());
        Assert.Equal("HELLO OVER TLS"u8.ToArray(), await framer.ReadLineAsync(client.Input).AsTask().WaitAsync(PipeRead.Timeout));
    }
}
