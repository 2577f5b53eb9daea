using NetPrimitives.IntegrationTests.Samples;
using NetPrimitives.Framing;
using NetPrimitives.IntegrationTests.Framing;
using NetPrimitives.Tests.Infrastructure;
using NetPrimitives.Tests.Transport;
using NetPrimitives.Transport;

namespace NetPrimitives.IntegrationTests.Tcp;

/// <summary>samples/Echo, samples/TcpUpperCase and samples/OkServer run as a user runs them (<c>dotnet X.dll ...</c>), on port 0.</summary>
public sealed class TcpSamplesTests
{
    [Fact]
    public async Task Echo_demo_sends_its_words_and_the_server_prints_them()
    {
        await using var demo = SampleRunner.Start("Echo", "demo", "hello", "there");
        Assert.Equal(0, await demo.WaitForExitAsync());
        Assert.Contains(demo.Output, l => l.StartsWith("received \"hello there\" from 127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains("echoed back \"hello there\"", demo.Output);
    }

    [Fact]
    public async Task Echo_client_and_server_as_separate_programs()
    {
        await using var server = SampleRunner.Start("Echo", "server", "--port", "0");
        var port = await ListeningPortAsync(server, "starting up on ");
        await using var client = SampleRunner.Start("Echo", "client", "--port", port, "one", "two");

        Assert.Equal(0, await client.WaitForExitAsync());
        Assert.Contains("echoed back \"one two\"", client.Output);
        await server.WaitForLineAsync("received \"one two\"");
    }

    [Fact]
    public async Task Echo_usage_errors_and_refused_connections_have_their_exit_codes()
    {
        await using var help = SampleRunner.Start("Echo", "--help");
        Assert.Equal(0, await help.WaitForExitAsync());
        Assert.Contains("  Echo [command] [options]", help.Output);

        await using var bad = SampleRunner.Start("Echo", "client", "--port", "nope", "x");
        Assert.Equal(2, await bad.WaitForExitAsync());
        Assert.StartsWith("Echo: --port: nope is not a port (1-65535)", bad.Stderr, StringComparison.Ordinal);

        // A port nobody listens on: bind one, note it, close it.
        var listener = new TcpConnectionListener(new TcpServerOptions(), (_, _) => Task.CompletedTask);
        listener.Start();
        var closedPort = listener.LocalEndPoint!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await listener.DisposeAsync();
        await using var refused = SampleRunner.Start("Echo", "client", "--port", closedPort, "x");
        Assert.Equal(1, await refused.WaitForExitAsync());
    }

    [Fact]
    public async Task TcpUpperCase_server_answers_like_inet_08_and_shows_each_clients_lines()
    {
        await using var server = SampleRunner.Start("TcpUpperCase", "server", "--port", "0", "--names");
        var port = int.Parse(await ListeningPortAsync(server, "upper-case server listening on "), System.Globalization.CultureInfo.InvariantCulture);
        var lines = new LineFramer();
        await using (var client = await TcpConnection.ConnectAsync("127.0.0.1", port).AsTask().WaitAsync(PipeRead.Timeout))
        {
            await lines.WriteLineAsync(client.Output, "cmde 1 du client 1"u8.ToArray());
            Assert.Equal("Thread-1: CMDE 1 DU CLIENT 1", Encoding.UTF8.GetString((await lines.ReadLineAsync(client.Input).AsTask().WaitAsync(PipeRead.Timeout))!));
            await lines.WriteLineAsync(client.Output, ReadOnlyMemory<byte>.Empty);
            Assert.Null(await lines.ReadLineAsync(client.Input).AsTask().WaitAsync(PipeRead.Timeout)); // the empty line ended it
        }

        await server.WaitForLineAsync("client 127.0.0.1:");
        Assert.EndsWith(": cmde 1 du client 1 (Thread-1)", server.Output[^1], StringComparison.Ordinal);
        await server.WaitForLineAsync("Disconnected: Thread-1");
    }

    [Fact]
    public async Task OkServer_greets_and_answers_OK_like_ls2()
    {
        await using var server = SampleRunner.Start("OkServer", "--port", "0");
        var port = int.Parse(await ListeningPortAsync(server, "Socket now listening on "), System.Globalization.CultureInfo.InvariantCulture);
        await using var client = await TcpConnection.ConnectAsync("127.0.0.1", port).AsTask().WaitAsync(PipeRead.Timeout);
        var lines = new LineFramer();
        Assert.Equal("Welcome to the server. Type something and hit enter", Encoding.UTF8.GetString((await lines.ReadLineAsync(client.Input).AsTask().WaitAsync(PipeRead.Timeout))!));
        await lines.WriteLineAsync(client.Output, "hi"u8.ToArray());
        Assert.Equal("OK...hi", Encoding.UTF8.GetString((await lines.ReadLineAsync(client.Input).AsTask().WaitAsync(PipeRead.Timeout))!));
        await server.WaitForLineAsync("Connected with 127.0.0.1:");
    }

    // "... on 127.0.0.1:40123; Ctrl+C stops" -> "40123"
    private static async Task<string> ListeningPortAsync(ChildProcess server, string prefix)
    {
        var line = await server.WaitForLineAsync(prefix);
        var endPoint = line[prefix.Length..].Split(';')[0];
        return endPoint[(endPoint.LastIndexOf(':') + 1)..];
    }
}
