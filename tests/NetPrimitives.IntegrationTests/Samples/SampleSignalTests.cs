namespace NetPrimitives.IntegrationTests.Samples;

/// <summary>
/// SIGTERM (what systemd or docker stop sends) stops every server sample gracefully: the server stops accepting and
/// drains, the sample says so on stderr once it has, and it exits 143; Ctrl+C does the same with 130.
/// </summary>
public sealed class SampleSignalTests
{
    // The sample, its arguments, and the start of the line it prints once it listens.
    public static TheoryData<string, string[], string> Servers() => new()
    {
        { "Blocks", ["-p", "0"], "Listening at " },
        { "Streamer", ["-p", "0"], "Listening at " },
        { "Echo", ["server", "--port", "0"], "starting up on " },
        { "TcpUpperCase", ["server", "--port", "0"], "upper-case server listening on " },
        { "OkServer", ["--port", "0"], "Socket now listening on " },
        { "UdpUpperCase", ["server", "--port", "0"], "Upper-casing datagrams on " },
        { "MiniHttp", ["--port", "0"], "Serving on " },
        { "GenericTcpServer", ["--port", "0"], "Generic TCP service on " },
        { "Chat", ["listen", "--port", "0", "--nick", "alice"], "Waiting for a peer on " },
    };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task SIGTERM_stops_a_listening_server_gracefully_and_exits_143(string sample, string[] arguments, string listening)
    {
        // stdin stays open (as a terminal's would): the interactive servers must not read end of input and leave.
        await using var server = SampleRunner.StartInteractive(sample, arguments);
        await server.WaitForLineAsync(listening);

        await SampleRunner.TerminateAsync(server);

        Assert.Equal(143, await server.WaitForExitAsync());
        // Printed by the sample after its action returned: a process the signal killed would exit 143 too, silently.
        Assert.Equal($"{sample}: stopped (SIGTERM)", server.Stderr.Trim().Split('\n')[^1]);
    }

    [Fact]
    public async Task SIGTERM_lets_the_echo_server_stop_accepting_and_drain_before_it_exits()
    {
        await using var server = SampleRunner.StartInteractive("Echo", "server", "--port", "0");
        var line = await server.WaitForLineAsync("starting up on ");
        var port = int.Parse(line["starting up on 127.0.0.1:".Length..line.IndexOf(';', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);

        await SampleRunner.TerminateAsync(server);

        Assert.Equal("stopping", await server.ReadLineAsync()); // the server's StopAsync ran: no more accepting, then the drain
        Assert.Equal(143, await server.WaitForExitAsync());
        await Assert.ThrowsAnyAsync<NetPrimitives.Transport.TransportException>(async () =>
            await (await NetPrimitives.Transport.TcpConnection.ConnectAsync("127.0.0.1", port)).DisposeAsync());
    }

    [Fact]
    public async Task Ctrl_C_stops_a_server_the_same_way_with_exit_130()
    {
        await using var server = SampleRunner.StartInteractive("MiniHttp", "--port", "0");
        await server.WaitForLineAsync("Serving on ");

        await SampleRunner.InterruptAsync(server);

        Assert.Equal("stopping", await server.WaitForLineAsync("stopping"));
        Assert.Equal(130, await server.WaitForExitAsync());
        Assert.Equal("MiniHttp: stopped (Ctrl+C)", server.Stderr.Trim().Split('\n')[^1]);
    }
}
