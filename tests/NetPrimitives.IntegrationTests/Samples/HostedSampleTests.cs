using System.Net;
using System.Net.Sockets;
using NetPrimitives.Hosting.Tests;

namespace NetPrimitives.IntegrationTests.Samples;

/// <summary>
/// samples/Hosted: the servers of one Generic Host, from appsettings.json (the ports overridden with 0 on the command
/// line, as any host setting can be). SIGTERM goes through the host lifetime: the servers stop accepting, the request in
/// flight completes, and the process exits 0.
/// </summary>
public sealed class HostedSampleTests
{
    private static readonly string[] AnyPorts =
    [
        "--NetPrimitives:Http:EndPoint=127.0.0.1:0", "--NetPrimitives:Echo:EndPoint=127.0.0.1:0", "--NetPrimitives:Udp:EndPoint=127.0.0.1:0",
    ];

    [Fact]
    public async Task The_servers_answer_with_their_settings_from_appsettings_json()
    {
        await using var sample = SampleRunner.Start("Hosted", AnyPorts);
        var http = EndPointAfter(await sample.WaitForLineAsync("HTTP on http://"), "HTTP on http://");
        var echo = EndPointAfter(await sample.WaitForLineAsync("Echo on "), "Echo on ");
        var udp = EndPointAfter(await sample.WaitForLineAsync("UDP on "), "UDP on ");

        using (var client = await Loopback.ConnectAsync(http))
        {
            await Loopback.SendAsync(client, "GET / HTTP/1.1\r\nHost: sample\r\nConnection: close\r\n\r\n");
            Assert.EndsWith("\r\n\r\nHello from a hosted MiniHttpServer\n", await Loopback.ReadToEndAsync(client));
        }

        // appsettings.json: Lines mode with a greeting; the program adds the upper-case transform.
        using (var client = await Loopback.ConnectAsync(echo))
        {
            await Loopback.SendAsync(client, "hello\n");
            await client.SendAsync(new byte[] { (byte)'\n' }, SocketFlags.None, TestContext.Current.CancellationToken);
            var text = await ReadUntilAsync(client, "HELLO\r\n");
            Assert.StartsWith("Hello from a hosted EchoServer", text);
        }

        // appsettings.json: Unicode mode.
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            socket.Connect(udp);
            await socket.SendAsync(Encoding.UTF8.GetBytes("café"), SocketFlags.None, TestContext.Current.CancellationToken);
            var buffer = new byte[64];
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, TestContext.Current.CancellationToken);
            Assert.Equal("CAFÉ", Encoding.UTF8.GetString(buffer, 0, n));
        }
    }

    [Fact]
    public async Task SIGTERM_refuses_new_connections_lets_the_request_in_flight_complete_and_exits_0()
    {
        await using var sample = SampleRunner.Start("Hosted", AnyPorts);
        var http = EndPointAfter(await sample.WaitForLineAsync("HTTP on http://"), "HTTP on http://");

        // A request whose handler is in flight: the server asks for the body (100 Continue) once the handler reads it,
        // and the body is sent only after the signal.
        using var inFlight = await Loopback.ConnectAsync(http);
        await Loopback.SendAsync(inFlight, "POST /upload HTTP/1.1\r\nHost: sample\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n");
        Assert.Equal("HTTP/1.1 100 Continue\r\n\r\n", await ReadUntilAsync(inFlight, "\r\n\r\n"));

        await SampleRunner.TerminateAsync(sample);
        // The listener's "Stopping listener on ...: 1 connections to drain", logged as its stop begins.
        Assert.Contains("1 connections to drain", await sample.WaitForLineAsync("info: NetPrimitives.Http.MiniHttpServer[111]"));
        var refused = false;
        for (var attempt = 0; attempt < 1000 && !refused; attempt++)
        {
            refused = await Loopback.IsRefusedAsync(http);
        }

        Assert.True(refused, "the stopping server still accepts connections");
        await Loopback.SendAsync(inFlight, "0123456789");
        var response = await Loopback.ReadToEndAsync(inFlight);

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response);
        Assert.Contains("\r\nConnection: close\r\n", response);
        Assert.EndsWith("\r\n\r\nreceived 10 bytes\n", response);
        Assert.Equal(0, await sample.WaitForExitAsync());
        Assert.Contains("Hosted: stopped", sample.Output);
    }

    private static IPEndPoint EndPointAfter(string line, string prefix) => IPEndPoint.Parse(line[prefix.Length..].TrimEnd('/'));

    // Reads byte by byte (nothing past the end is taken) until the text ends with end, or the connection ends.
    private static async Task<string> ReadUntilAsync(Socket socket, string? end)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        for (var i = 0; i < 64 * 1024; i++)
        {
            if (await socket.ReceiveAsync(one, SocketFlags.None, TestContext.Current.CancellationToken) == 0)
            {
                break;
            }

            bytes.Add(one[0]);
            if (end is not null && Encoding.UTF8.GetString([.. bytes]).EndsWith(end, StringComparison.Ordinal))
            {
                break;
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
