using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NetPrimitives.Framing;
using NetPrimitives.Tests.Transport;
using NetPrimitives.Transport;

namespace NetPrimitives.IntegrationTests.Samples;

/// <summary>samples/Telnet typed into through its stdin, against a small server in the test, on loopback port 0.</summary>
public sealed class TelnetSampleTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    // Strict CR LF: a line the sample sent with a bare LF would never be read, and the test would fail.
    private static readonly LineFramer CrLfLines = new(new LineFramerOptions { LineEnding = LineEnding.CrLf });

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public TelnetSampleTests() => _listener.Start();

    private string Port => ((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _listener.Stop();

    [Fact]
    public async Task Shows_what_the_server_sends_while_the_user_types_and_reports_the_close()
    {
        await using var telnet = SampleRunner.StartInteractive("Telnet", "127.0.0.1", Port);
        await using var server = await TcpConnection.AcceptAsync(_listener).AsTask().WaitAsync(Timeout);
        Assert.Equal($"Connected to remote host 127.0.0.1:{Port}", await telnet.WaitForLineAsync("Connected to"));

        // The server speaks first, while nothing is typed: the sample shows it without waiting for the keyboard.
        await CrLfLines.WriteLineAsync(server.Output, "Welcome, type something"u8.ToArray());
        Assert.Equal("Welcome, type something", await telnet.ReadLineAsync());

        await telnet.Input.WriteLineAsync("hello from the keyboard");
        var typed = await CrLfLines.ReadLineAsync(server.Input).AsTask().WaitAsync(Timeout);
        Assert.Equal("hello from the keyboard", Encoding.UTF8.GetString(typed!));
        await telnet.Input.WriteLineAsync("héllo ünicode");
        Assert.Equal("héllo ünicode", Encoding.UTF8.GetString((await CrLfLines.ReadLineAsync(server.Input).AsTask().WaitAsync(Timeout))!));

        // The last output has no line end, then the server closes; stdin stays open, as a user's keyboard would.
        await CrLfLines.WriteLineAsync(server.Output, "Goodbye"u8.ToArray());
        await server.Output.WriteAsync("no newline at the end"u8.ToArray());
        await server.DisposeAsync();

        Assert.Equal("Goodbye", await telnet.ReadLineAsync());
        Assert.Equal("no newline at the end", await telnet.ReadLineAsync());
        Assert.Equal("Connection closed", await telnet.ReadLineAsync());
        Assert.Equal(0, await telnet.WaitForExitAsync());
        Assert.Empty(telnet.Stderr.Trim());
    }

    [Fact]
    public async Task End_of_input_half_closes_and_what_the_server_still_sends_is_shown()
    {
        await using var telnet = SampleRunner.StartInteractive("Telnet", "127.0.0.1", Port);
        await using var server = await TcpConnection.AcceptAsync(_listener).AsTask().WaitAsync(Timeout);
        await telnet.WaitForLineAsync("Connected to");

        await telnet.Input.WriteLineAsync("one");
        await telnet.Input.WriteLineAsync("two");
        telnet.Input.Close(); // Ctrl+D

        // The sample's FIN arrives after its lines; the server's side is still open and answers after it.
        var received = new List<string>();
        while (await CrLfLines.ReadLineAsync(server.Input).AsTask().WaitAsync(Timeout) is { } line)
        {
            received.Add(Encoding.UTF8.GetString(line));
        }

        Assert.Equal(["one", "two"], received);
        await CrLfLines.WriteLineAsync(server.Output, Encoding.UTF8.GetBytes($"got {received.Count} lines after your FIN"));
        await server.DisposeAsync();

        Assert.Equal("got 2 lines after your FIN", await telnet.ReadLineAsync());
        Assert.Equal("Connection closed", await telnet.ReadLineAsync());
        Assert.Equal(0, await telnet.WaitForExitAsync());
    }

    [Fact]
    public async Task Ctrl_C_closes_the_connection_and_exits_130()
    {
        await using var telnet = SampleRunner.StartInteractive("Telnet", "127.0.0.1", Port);
        await using var server = await TcpConnection.AcceptAsync(_listener).AsTask().WaitAsync(Timeout);
        await telnet.WaitForLineAsync("Connected to");

        await SampleRunner.InterruptAsync(telnet);

        // Printed only by the sample's own handler: a process killed by the signal would exit 130 too, silently.
        Assert.Equal("Connection closed", await telnet.ReadLineAsync());
        Assert.Equal(130, await telnet.WaitForExitAsync());
        var (_, error) = await PipeRead.ToEndAsync(server.Input);
        Assert.Null(error); // closed gracefully: FIN, not a reset
    }

    [Fact]
    public async Task A_refused_port_exits_1_with_the_reason()
    {
        var port = Port;
        _listener.Stop(); // nobody listens there any more

        var (exit, stdout, stderr) = await SampleRunner.RunAsync("Telnet", null, "127.0.0.1", port);

        Assert.True(exit == 1, $"exit {exit}. stdout: {stdout} stderr: {stderr}");
        Assert.StartsWith("Telnet: ", stderr, StringComparison.Ordinal);
        Assert.Contains(port, stderr, StringComparison.Ordinal);
    }
}
