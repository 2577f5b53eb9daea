using NetPrimitives.IntegrationTests.Samples;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.IntegrationTests.Framing;

/// <summary>
/// samples/Blocks and samples/Streamer run as a user runs them (<c>dotnet Blocks.dll -p 0</c>, then the
/// client on the port the server printed), against each other and against Python's blocks.py behaviour.
/// </summary>
public sealed class FramingSamplesTests
{
    private static readonly string[] Zen =
    [
        "Block says: b'Beautiful is better than ugly.'",
        "Block says: b'Explicit is better than implicit.'",
        "Block says: b'Simple is better than complex.'",
    ];

    [Fact]
    public async Task Blocks_client_sends_three_blocks_and_an_empty_one_to_Blocks_server()
    {
        await using var server = SampleRunner.Start("Blocks", "-p", "0");
        var port = await ListeningPortAsync(server);
        await using var client = SampleRunner.Start("Blocks", "-c", "-p", port);

        Assert.Equal(0, await client.WaitForExitAsync());
        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.Equal(Zen, server.Output.Where(l => l.StartsWith("Block says", StringComparison.Ordinal)));
        Assert.Contains(server.Output, l => l.StartsWith("Accepted connection from 127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains("Sending a block of 30 bytes: b'Beautiful is better than ugly.'", client.Output);
        Assert.Contains("Sending an empty block to say we are done", client.Output);
    }

    [Fact]
    public async Task Blocks_client_talks_to_a_python_blocks_server()
    {
        var python = Peers.Require("python3", "the Blocks interop test talks to a struct.pack('!I', n) peer");
        await using var server = ChildProcess.Start(python, PeerScript, "server");
        var port = (await server.WaitForLineAsync("PORT ")).Split(' ')[1];
        await using var client = SampleRunner.Start("Blocks", "-c", "-p", port);

        Assert.Equal(0, await client.WaitForExitAsync());
        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.Equal(Zen, server.Output.Skip(1));
    }

    [Fact]
    public async Task Python_blocks_client_talks_to_the_Blocks_server()
    {
        var python = Peers.Require("python3", "the Blocks interop test talks to a struct.pack('!I', n) peer");
        await using var server = SampleRunner.Start("Blocks", "-p", "0");
        var port = await ListeningPortAsync(server);
        await using var client = ChildProcess.Start(python, PeerScript, "client", port);

        Assert.Equal(0, await client.WaitForExitAsync());
        Assert.Equal(0, await server.WaitForExitAsync());
        // Our "Block says" lines are what Python's print('Block says:', repr(block)) prints.
        Assert.Equal(Zen, server.Output.Where(l => l.StartsWith("Block says", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Streamer_client_shuts_down_its_side_and_the_server_prints_the_message()
    {
        await using var server = SampleRunner.Start("Streamer", "-p", "0");
        var port = await ListeningPortAsync(server);
        await using var client = SampleRunner.Start("Streamer", "-c", "-p", port);

        Assert.Equal(0, await client.WaitForExitAsync());
        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.Contains("Received 96 bytes, then zero bytes - end of file", server.Output);
        Assert.Equal(
            ["Beautiful is better than ugly.", "Explicit is better than implicit.", "Simple is better than complex."],
            server.Output.SkipWhile(l => l != "Message:").Skip(2));
        Assert.Contains("Shutting down the sending side: that ends the message", client.Output);
    }

    [Theory]
    [InlineData("Blocks")]
    [InlineData("Streamer")]
    public async Task Samples_print_help_and_refuse_bad_arguments_with_exit_code_2(string sample)
    {
        await using var help = SampleRunner.Start(sample, "--help");
        Assert.Equal(0, await help.WaitForExitAsync());
        Assert.Contains($"  {sample} [<HOST>] [options]", help.Output); // the seed's command line: an optional host
        Assert.Contains(help.Output, line => line.TrimStart().StartsWith("-p, --port <N>", StringComparison.Ordinal));

        await using var bad = SampleRunner.Start(sample, "-p", "not-a-port");
        Assert.Equal(2, await bad.WaitForExitAsync());
        Assert.Contains($"{sample}: --port: not-a-port is not a port (1-65535 or 0)", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains($"usage: {sample} [-c] [--port N] [HOST]", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blocks_client_without_a_server_fails_with_exit_code_1()
    {
        // Bind a port and do not listen on it: a connection attempt is refused at once.
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var port = ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        await using var client = SampleRunner.Start("Blocks", "-c", "-p", port);

        Assert.Equal(1, await client.WaitForExitAsync());
        Assert.Contains("refused", client.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    private static string PeerScript => Path.Combine(AppContext.BaseDirectory, "Peers", "blocks_peer.py");

    private static async Task<string> ListeningPortAsync(ChildProcess server)
    {
        var line = await server.WaitForLineAsync("Listening at ");
        return line[(line.LastIndexOf(':') + 1)..];
    }
}
