using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using NetPrimitives.Transport;
using NetPrimitives.Udp;

namespace NetPrimitives.Tests.Udp;

/// <summary>
/// The request client against scripted peers. Attempt timeouts run on a <see cref="FakeTimeProvider"/>: a test moves
/// the clock only once the peer has seen the attempt (its timer starts before its send), so no test waits on real time.
/// </summary>
public sealed class UdpRequestClientTests
{
    private static readonly TimeSpan Wait = UdpTestPeer.Wait;

    private static UdpRequestClientOptions Fast(FakeTimeProvider? time = null, int retries = 2, bool connected = true) => new()
    {
        AttemptTimeout = TimeSpan.FromMilliseconds(50),
        RetryCount = retries,
        UseConnectedSocket = connected,
        TimeProvider = time ?? new FakeTimeProvider(),
    };

    // For tests where the reply comes: one attempt on a clock that never moves, so it never times out.
    private static UdpRequestClientOptions Patient(bool connected = true) => new()
    {
        RetryCount = 0,
        UseConnectedSocket = connected,
        TimeProvider = new FakeTimeProvider(),
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_silent_server_gives_a_typed_timeout_after_every_attempt(bool connected)
    {
        using var silent = new UdpTestPeer(); // receives, never answers
        var time = new FakeTimeProvider();
        await using var client = await UdpRequestClient.ConnectAsync(silent.EndPoint, Fast(time, retries: 3, connected));

        var request = client.SendAsync("hello"u8.ToArray()).AsTask();
        foreach (var wait in new[] { 50, 100, 200, 400 }) // exponential backoff
        {
            Assert.Equal("hello", Encoding.ASCII.GetString((await silent.ReceiveAsync()).Data));
            Assert.False(request.IsCompleted);
            time.Advance(TimeSpan.FromMilliseconds(wait));
        }

        var ex = await Assert.ThrowsAsync<UdpRequestTimeoutException>(() => request.WaitAsync(Wait));
        Assert.Equal(4, ex.Attempts);
        Assert.Equal(silent.EndPoint, ex.RemoteEndPoint);
        Assert.Equal(TimeSpan.FromMilliseconds(50), ex.FirstAttemptTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(50 + 100 + 200 + 400), ex.TotalWait);
        Assert.Contains(silent.EndPoint.ToString(), ex.Message);
        Assert.Equal(0, silent.Socket.Available); // no fifth attempt (it would have been sent before the error)
    }

    [Fact]
    public async Task Backoff_stops_growing_at_the_maximum_attempt_timeout()
    {
        using var silent = new UdpTestPeer();
        var time = new FakeTimeProvider();
        var options = Fast(time, retries: 3);
        options.MaxAttemptTimeout = TimeSpan.FromMilliseconds(80);
        await using var client = await UdpRequestClient.ConnectAsync(silent.EndPoint, options);

        var request = client.SendAsync("x"u8.ToArray()).AsTask();
        foreach (var wait in new[] { 50, 80, 80, 80 })
        {
            _ = await silent.ReceiveAsync();
            time.Advance(TimeSpan.FromMilliseconds(wait)); // each attempt ends exactly when its own timeout has passed
        }

        var ex = await Assert.ThrowsAsync<UdpRequestTimeoutException>(() => request.WaitAsync(Wait));
        Assert.Equal(TimeSpan.FromMilliseconds(50 + 80 + 80 + 80), ex.TotalWait);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_is_the_same_typed_error_as_a_tcp_connect()
    {
        // RFC 6761 6.4: names under .invalid never resolve.
        var udp = await Assert.ThrowsAsync<TransportException>(
            () => UdpRequestClient.ConnectAsync(new DnsEndPoint("nosuch.invalid", 7), Fast()).AsTask().WaitAsync(Wait));
        var tcp = await Assert.ThrowsAsync<TransportException>(
            () => TcpConnection.ConnectAsync("nosuch.invalid", 7).AsTask().WaitAsync(Wait));

        Assert.StartsWith("Cannot connect to nosuch.invalid:7: the name did not resolve (", udp.Message);
        Assert.Equal(tcp.Message, udp.Message);
        Assert.IsType<SocketException>(udp.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task A_closed_port_is_reported_as_nobody_listening()
    {
        IPEndPoint closed;
        using (var gone = new UdpTestPeer())
        {
            closed = gone.EndPoint;
        }

        await using var client = await UdpRequestClient.ConnectAsync(closed, Fast(retries: 5));

        var ex = await Assert.ThrowsAsync<UdpNobodyListeningException>(() => client.SendAsync("anyone?"u8.ToArray()).AsTask().WaitAsync(Wait));

        Assert.Equal(closed, ex.RemoteEndPoint);
        Assert.Equal(1, ex.Attempts);
        Assert.IsType<SocketException>(ex.InnerException);
        Assert.Contains("Nobody is listening", ex.Message);
    }

    [Fact]
    public async Task A_lost_datagram_is_sent_again_and_the_retry_is_answered()
    {
        using var server = new UdpTestPeer();
        var time = new FakeTimeProvider();
        await using var client = await UdpRequestClient.ConnectAsync(server.EndPoint, Fast(time, retries: 1));

        var request = client.SendAsync("again"u8.ToArray()).AsTask();
        _ = await server.ReceiveAsync(); // "lost": not answered
        time.Advance(TimeSpan.FromMilliseconds(50));
        var (data, from) = await server.ReceiveAsync();
        await server.SendAsync(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(data).ToUpperInvariant()), from);

        Assert.Equal("AGAIN", Encoding.ASCII.GetString(await request.WaitAsync(Wait)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Replies_from_anyone_but_the_server_asked_are_ignored(bool connected)
    {
        using var server = new UdpTestPeer();
        using var spoofer = new UdpTestPeer();
        var logger = new TestLogger<UdpRequestClient>();
        await using var client = await UdpRequestClient.ConnectAsync(server.EndPoint, Patient(connected), logger);

        var request = client.SendAsync("who?"u8.ToArray()).AsTask();
        var (_, from) = await server.ReceiveAsync();
        Assert.Equal(client.LocalEndPoint.Port, from.Port);
        await spoofer.SendAsync("FORGED"u8.ToArray(), from);
        if (!connected)
        {
            await logger.WaitForAsync(341); // seen and ignored before the genuine reply is sent
        }

        await server.SendAsync("GENUINE"u8.ToArray(), from);

        Assert.Equal("GENUINE", Encoding.ASCII.GetString(await request.WaitAsync(Wait)));
        // A connected socket has the kernel drop it before we see it; unconnected, we drop and count it.
        Assert.Equal(connected ? 0 : 1, client.IgnoredDatagrams);
    }

    [Fact]
    public async Task A_late_reply_to_an_earlier_request_does_not_answer_the_next_one()
    {
        using var server = new UdpTestPeer();
        await using var client = await UdpRequestClient.ConnectAsync(server.EndPoint, Patient());

        var first = client.SendAsync("first"u8.ToArray()).AsTask();
        var (_, from) = await server.ReceiveAsync();
        await server.SendAsync("FIRST"u8.ToArray(), from);
        await server.SendAsync("FIRST (duplicate)"u8.ToArray(), from);
        Assert.Equal("FIRST", Encoding.ASCII.GetString(await first.WaitAsync(Wait)));
        Assert.True(client.Socket.Poll(Wait, SelectMode.SelectRead)); // the duplicate is queued on the client

        var second = client.SendAsync("second"u8.ToArray()).AsTask();
        _ = await server.ReceiveAsync();
        await server.SendAsync("SECOND"u8.ToArray(), from);

        Assert.Equal("SECOND", Encoding.ASCII.GetString(await second.WaitAsync(Wait)));
        Assert.Equal(1, client.LateReplies);
    }

    [Fact]
    public async Task Cancellation_ends_a_request_at_once()
    {
        using var silent = new UdpTestPeer();
        await using var client = await UdpRequestClient.ConnectAsync(silent.EndPoint, Fast(retries: 10)); // a clock that never moves
        using var cts = new CancellationTokenSource();

        var request = client.SendAsync("x"u8.ToArray(), cts.Token).AsTask();
        _ = await silent.ReceiveAsync();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(Wait));
    }

    [Fact]
    public async Task A_reply_larger_than_the_limit_is_a_typed_error()
    {
        using var server = new UdpTestPeer();
        var options = Patient();
        options.MaxDatagramSize = 10;
        await using var client = await UdpRequestClient.ConnectAsync(server.EndPoint, options);

        var request = client.SendAsync("x"u8.ToArray()).AsTask();
        var (_, from) = await server.ReceiveAsync();
        await server.SendAsync(new byte[11], from);

        var ex = await Assert.ThrowsAsync<UdpReplyTooLargeException>(() => request.WaitAsync(Wait));
        Assert.Equal(10, ex.Limit);
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync(new byte[11]).AsTask());
    }

    [Fact]
    public async Task The_buffer_overload_copies_the_reply_and_checks_the_buffer()
    {
        using var server = new UdpTestPeer();
        await using var client = await UdpRequestClient.ConnectAsync(server.EndPoint, Patient());
        var buffer = new byte[4];

        var request = client.SendAsync("abc"u8.ToArray(), buffer).AsTask();
        var (_, from) = await server.ReceiveAsync();
        await server.SendAsync("ABC"u8.ToArray(), from);
        Assert.Equal(3, await request.WaitAsync(Wait));
        Assert.Equal("ABC", Encoding.ASCII.GetString(buffer, 0, 3));

        var tooSmall = client.SendAsync("abcde"u8.ToArray(), buffer).AsTask();
        _ = await server.ReceiveAsync();
        await server.SendAsync("ABCDE"u8.ToArray(), from);
        Assert.Equal(4, (await Assert.ThrowsAsync<UdpReplyTooLargeException>(() => tooSmall.WaitAsync(Wait))).Limit);
    }

    [Fact]
    public async Task A_dns_endpoint_is_resolved()
    {
        using var server = new UdpTestPeer();
        await using var client = await UdpRequestClient.ConnectAsync(
            new DnsEndPoint("localhost", server.EndPoint.Port, AddressFamily.InterNetwork), Fast());

        Assert.Equal(server.EndPoint, client.RemoteEndPoint);
    }

    [Theory]
    [InlineData(nameof(UdpRequestClientOptions.RetryCount), -1)]
    [InlineData(nameof(UdpRequestClientOptions.MaxDatagramSize), 0)]
    [InlineData(nameof(UdpRequestClientOptions.BackoffFactor), 0.5)]
    public async Task Invalid_options_are_rejected(string property, object value)
    {
        var options = new UdpRequestClientOptions();
        var info = typeof(UdpRequestClientOptions).GetProperty(property)!;
        info.SetValue(options, Convert.ChangeType(value, info.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            UdpRequestClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 9), options).AsTask());
        Assert.Equal(property, ex.ParamName);
    }

    [Fact]
    public async Task A_missing_clock_is_rejected()
    {
        var ex = await Assert.ThrowsAsync<ArgumentNullException>(() =>
            UdpRequestClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 9), new UdpRequestClientOptions { TimeProvider = null! }).AsTask());
        Assert.Equal(nameof(UdpRequestClientOptions.TimeProvider), ex.ParamName);
    }

    [Fact]
    public async Task Works_over_ipv6_loopback()
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Skip("IPv6 is not available on this machine");
        }

        var server = UdpTestPeer.OnIPv6LoopbackOrSkip("::1 is not configured on this machine");
        using (server)
        {
            await using var client = await UdpRequestClient.ConnectAsync(server.EndPoint, Patient(connected: false));
            var request = client.SendAsync("v6"u8.ToArray()).AsTask();
            var (_, from) = await server.ReceiveAsync();
            await server.SendAsync("V6"u8.ToArray(), from);

            Assert.Equal("V6", Encoding.ASCII.GetString(await request.WaitAsync(Wait)));
        }
    }
}
