using System.Net;
using System.Net.Sockets;
using NetPrimitives.Smtp;
using NetPrimitives.Tests.Infrastructure;
using NetPrimitives.Transport;

namespace NetPrimitives.Tests.Smtp;

public sealed class SmtpClientRawConnectTests
{
    [Fact]
    public async Task Nothing_listening_is_the_transports_typed_refusal()
    {
        // A port the OS just gave out and that is closed again: nothing listens there.
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        await Assert.ThrowsAsync<ConnectionRefusedException>(() => SmtpClientRaw.ConnectAsync("127.0.0.1", port).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Invalid_options_fail_before_connecting()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SmtpClientRaw.ConnectAsync("127.0.0.1", 25, new SmtpClientRawOptions { MailTimeout = TimeSpan.Zero }).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => SmtpClientRaw.ConnectAsync("127.0.0.1", 25, new SmtpClientRawOptions { LocalDomain = "bad\r\nMAIL FROM:<x@y>" }).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SmtpClientRaw.ConnectAsync("127.0.0.1", 25, new SmtpClientRawOptions { MaxReplyLineLength = 10 }).AsTask());
    }

    [Fact]
    public async Task Server_that_accepts_but_never_greets_times_out_over_tcp()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var time = new SignalingTimeProvider();
        var greeting = TimeSpan.FromMilliseconds(300);
        var options = new SmtpClientRawOptions { GreetingTimeout = greeting, Connection = new TcpConnectionOptions { TimeProvider = time } };
        var connect = SmtpClientRaw.ConnectAsync("127.0.0.1", ((IPEndPoint)listener.LocalEndPoint!).Port, options).AsTask();
        await time.ExpireAsync(greeting);
        var error = await Assert.ThrowsAsync<SmtpTimeoutException>(() => connect.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(string.Empty, error.Command);
        Assert.Equal(greeting, error.Timeout);
    }

    [Fact]
    public async Task The_connect_timeout_runs_on_the_connection_options_clock()
    {
        // Only the timeout can end a connect to a listener whose backlog is full.
        using var full = new FullBacklogListener(backlog: 0);
        var time = new SignalingTimeProvider();
        var timeout = TimeSpan.FromSeconds(7);
        var options = new SmtpClientRawOptions { Connection = new TcpConnectionOptions { ConnectTimeout = timeout, TimeProvider = time } };
        var connect = SmtpClientRaw.ConnectAsync("127.0.0.1", full.EndPoint.Port, options).AsTask();
        await time.ExpireAsync(timeout);
        var error = await Assert.ThrowsAsync<ConnectTimeoutException>(() => connect.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(timeout, error.Timeout);
    }
}
