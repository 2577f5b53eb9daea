using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using NetPrimitives.Udp;

namespace NetPrimitives.Tests.Udp;

/// <summary>
/// The server's rules, each on both receive paths: <see cref="DatagramServerOptions.MaxBatchSize"/> 1 (one recvfrom and
/// one sendto per datagram) and 8 (recvmmsg/sendmmsg batches on 64-bit Linux; elsewhere the same one-at-a-time loop).
/// Counters are read after <see cref="DatagramServer.StopAsync"/>, which returns once every loop and handler is done.
/// </summary>
public sealed class DatagramServerTests
{
    private static readonly TimeSpan Wait = UdpTestPeer.Wait;

    public static TheoryData<int> BothPaths => [1, 8];

    private static DatagramHandler Echo => (context, ct) => context.ReplyAsync(context.Datagram, ct);

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task Port_zero_reports_the_real_port_and_the_handler_can_reply(int maxBatchSize)
    {
        await using var server = new DatagramServer(new DatagramServerOptions { ReceiveLoops = 2, MaxBatchSize = maxBatchSize }, Echo);
        await server.StartAsync();
        using var peer = new UdpTestPeer();

        Assert.NotEqual(0, server.LocalEndPoint.Port);
        Assert.Equal(IPAddress.Loopback, server.LocalEndPoint.Address);
        await peer.SendAsync("ping"u8.ToArray(), server.LocalEndPoint);
        var (data, from) = await peer.ReceiveAsync();

        Assert.Equal("ping", Encoding.ASCII.GetString(data));
        Assert.Equal(server.LocalEndPoint, from);
        await server.StopAsync().WaitAsync(Wait);
        var stats = server.GetStatistics();
        Assert.Equal(1, stats.DatagramsReceived);
        Assert.Equal(1, stats.DatagramsSent);
        Assert.Equal(4, stats.BytesReceived);
        Assert.Equal(4, stats.BytesSent);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task The_handler_sees_the_sender_and_the_datagram(int maxBatchSize)
    {
        IPEndPoint? seen = null;
        await using var server = new DatagramServer(new DatagramServerOptions { MaxBatchSize = maxBatchSize }, (context, ct) =>
        {
            seen = context.RemoteEndPoint;
            return context.ReplyAsync(context.Datagram, ct);
        });
        await server.StartAsync();
        using var peer = new UdpTestPeer();

        await peer.SendAsync([], server.LocalEndPoint);
        var (data, _) = await peer.ReceiveAsync();

        Assert.Empty(data);
        Assert.Equal(peer.EndPoint, seen);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task A_datagram_larger_than_the_maximum_is_counted_and_never_answered(int maxBatchSize)
    {
        var logger = new TestLogger<DatagramServer>();
        var handled = 0;
        await using var server = new DatagramServer(new DatagramServerOptions { MaxDatagramSize = 100, ReceiveLoops = 1, MaxBatchSize = maxBatchSize }, (context, ct) =>
        {
            Interlocked.Increment(ref handled);
            return context.ReplyAsync(context.Datagram, ct);
        }, logger);
        await server.StartAsync();
        using var peer = new UdpTestPeer();

        await peer.SendAsync(new byte[101], server.LocalEndPoint);
        await peer.SendAsync(new byte[5000], server.LocalEndPoint);
        await peer.SendAsync(new byte[100], server.LocalEndPoint); // exactly the maximum: answered

        // One loop serves them in order, so an answer to either larger one would have come first.
        var (data, _) = await peer.ReceiveAsync();
        Assert.Equal(100, data.Length);
        await server.StopAsync().WaitAsync(Wait);
        Assert.Equal(0, peer.Socket.Available);
        Assert.Equal(1, handled);
        var stats = server.GetStatistics();
        Assert.Equal(2, stats.DatagramsTruncated);
        Assert.Equal(1, stats.DatagramsReceived);
        Assert.Contains(logger.Entries, e => e.EventId == 302 && e.Message.Contains(peer.EndPoint.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task A_handler_that_throws_is_counted_and_the_server_serves_the_next_datagram(int maxBatchSize)
    {
        var logger = new TestLogger<DatagramServer>();
        await using var server = new DatagramServer(new DatagramServerOptions { ReceiveLoops = 1, MaxBatchSize = maxBatchSize }, async (context, ct) =>
        {
            var text = Encoding.ASCII.GetString(context.Datagram.Span);
            if (text == "throw")
            {
                throw new InvalidOperationException("synchronous failure");
            }

            if (text == "throw-async")
            {
                await Task.Yield();
                throw new InvalidOperationException("asynchronous failure");
            }

            await context.ReplyAsync(context.Datagram, ct);
        }, logger);
        await server.StartAsync();
        using var peer = new UdpTestPeer();

        await peer.SendAsync("throw"u8.ToArray(), server.LocalEndPoint);
        await peer.SendAsync("throw-async"u8.ToArray(), server.LocalEndPoint);
        await peer.SendAsync("fine"u8.ToArray(), server.LocalEndPoint);

        var (data, _) = await peer.ReceiveAsync();
        Assert.Equal("fine", Encoding.ASCII.GetString(data));
        await server.StopAsync().WaitAsync(Wait);
        Assert.Equal(2, server.GetStatistics().HandlerErrors);
        Assert.Equal(2, logger.Count(304));
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task Synchronous_asynchronous_and_failing_handlers_mix(int maxBatchSize)
    {
        await using var server = new DatagramServer(new DatagramServerOptions { ReceiveLoops = 1, MaxBatchSize = maxBatchSize }, async (context, ct) =>
        {
            var text = Encoding.ASCII.GetString(context.Datagram.Span);
            if (text == "throw")
            {
                throw new InvalidOperationException("synchronous failure");
            }

            if (text.StartsWith("async", StringComparison.Ordinal))
            {
                await Task.Yield(); // the reply then leaves at once from a pool thread, not with the loop's batch
            }

            await context.ReplyAsync(Encoding.ASCII.GetBytes(text.ToUpperInvariant()), ct);
        });
        await server.StartAsync();
        using var peer = new UdpTestPeer();

        foreach (var text in new[] { "one", "async two", "throw", "three" })
        {
            await peer.SendAsync(Encoding.ASCII.GetBytes(text), server.LocalEndPoint);
        }

        var replies = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            replies.Add(Encoding.ASCII.GetString((await peer.ReceiveAsync()).Data));
        }

        Assert.Equal(["ASYNC TWO", "ONE", "THREE"], replies.Order());
        await server.StopAsync().WaitAsync(Wait);
        Assert.Equal((1, 3), (server.GetStatistics().HandlerErrors, server.GetStatistics().DatagramsSent));
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task A_handler_may_reply_more_often_than_a_batch_holds_and_every_reply_leaves_in_order(int maxBatchSize)
    {
        await using var server = new DatagramServer(new DatagramServerOptions { ReceiveLoops = 1, MaxBatchSize = maxBatchSize }, async (context, ct) =>
        {
            for (var i = 0; i < 20; i++)
            {
                await context.ReplyAsync(new[] { (byte)i }, ct);
            }
        });
        await server.StartAsync();
        using var peer = new UdpTestPeer();

        await peer.SendAsync("many"u8.ToArray(), server.LocalEndPoint);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal([(byte)i], (await peer.ReceiveAsync()).Data);
        }

        await server.StopAsync().WaitAsync(Wait);
        Assert.Equal(20, server.GetStatistics().DatagramsSent);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task A_slow_handler_does_not_hold_up_other_datagrams(int maxBatchSize)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new DatagramServer(new DatagramServerOptions { ReceiveLoops = 1, MaxBatchSize = maxBatchSize }, async (context, ct) =>
        {
            if (context.Datagram.Span.SequenceEqual("slow"u8))
            {
                await release.Task.WaitAsync(ct);
            }

            await context.ReplyAsync(context.Datagram, ct);
        });
        await server.StartAsync();
        using var peer = new UdpTestPeer();

        await peer.SendAsync("slow"u8.ToArray(), server.LocalEndPoint);
        for (var i = 0; i < 5; i++)
        {
            await peer.SendAsync(Encoding.ASCII.GetBytes($"fast{i}"), server.LocalEndPoint);
            var (data, _) = await peer.ReceiveAsync();
            Assert.Equal($"fast{i}", Encoding.ASCII.GetString(data));
        }

        release.SetResult();
        var (late, _) = await peer.ReceiveAsync();
        Assert.Equal("slow", Encoding.ASCII.GetString(late));
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task Datagrams_beyond_the_concurrent_handler_limit_are_dropped_and_counted(int maxBatchSize)
    {
        var logger = new TestLogger<DatagramServer>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new SemaphoreSlim(0);
        await using var server = new DatagramServer(new DatagramServerOptions { ReceiveLoops = 1, MaxConcurrentHandlers = 2, MaxBatchSize = maxBatchSize }, async (context, ct) =>
        {
            started.Release();
            await release.Task.WaitAsync(ct);
            await context.ReplyAsync(context.Datagram, ct);
        }, logger);
        await server.StartAsync();
        using var peer = new UdpTestPeer();

        await peer.SendAsync("one"u8.ToArray(), server.LocalEndPoint);
        Assert.True(await started.WaitAsync(Wait));
        await peer.SendAsync("two"u8.ToArray(), server.LocalEndPoint);
        Assert.True(await started.WaitAsync(Wait));
        await peer.SendAsync("three"u8.ToArray(), server.LocalEndPoint); // no context left: dropped
        await logger.WaitForAsync(303);
        Assert.Equal(1, server.GetStatistics().DatagramsDropped);

        release.SetResult();
        var replies = new[] { (await peer.ReceiveAsync()).Data, (await peer.ReceiveAsync()).Data }
            .Select(Encoding.ASCII.GetString).Order().ToArray();
        Assert.Equal(["one", "two"], replies);

        // Contexts come back once the handlers finish: the server answers again. A handler returns its context just
        // after its reply leaves, so "four" can still meet a full house and be dropped, as any UDP client must expect;
        // like one, send it again until it is answered, each time until the reply or the drop's log entry (bounded).
        var reply = peer.ReceiveAsync();
        for (var attempt = 1; attempt <= 10 && !reply.IsCompleted; attempt++)
        {
            await peer.SendAsync("four"u8.ToArray(), server.LocalEndPoint);
            await Task.WhenAny(reply, logger.WaitForAsync(303, count: 1 + attempt));
        }

        Assert.Equal("four", Encoding.ASCII.GetString((await reply).Data));
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task Stop_waits_for_a_handler_in_progress_so_its_reply_still_goes_out(int maxBatchSize)
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A clock that never moves: the shutdown timeout cannot end the wait, only the handler can.
        var options = new DatagramServerOptions { ReceiveLoops = 1, MaxBatchSize = maxBatchSize, TimeProvider = new FakeTimeProvider() };
        var server = new DatagramServer(options, async (context, ct) =>
        {
            entered.TrySetResult();
            await release.Task;
            await context.ReplyAsync(context.Datagram, ct);
        });
        await server.StartAsync();
        using var peer = new UdpTestPeer();
        await peer.SendAsync("bye"u8.ToArray(), server.LocalEndPoint);
        await entered.Task.WaitAsync(Wait);

        var stop = server.StopAsync();
        Assert.False(stop.IsCompleted);
        release.SetResult();
        await stop.WaitAsync(Wait);

        Assert.Equal("bye", Encoding.ASCII.GetString((await peer.ReceiveAsync()).Data));
        Assert.Equal(0, server.GetStatistics().HandlerErrors);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task Stop_never_hangs_on_a_handler_that_never_finishes_and_cancels_it(int maxBatchSize)
    {
        var canceled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var logger = new TestLogger<DatagramServer>();
        var time = new FakeTimeProvider();
        var options = new DatagramServerOptions { ShutdownTimeout = TimeSpan.FromSeconds(5), MaxBatchSize = maxBatchSize, TimeProvider = time };
        var server = new DatagramServer(options, async (context, ct) =>
        {
            ct.Register(() => canceled.TrySetResult());
            entered.TrySetResult();
            await new TaskCompletionSource().Task.WaitAsync(ct); // never completes by itself
        }, logger);
        await server.StartAsync();
        using var peer = new UdpTestPeer();
        await peer.SendAsync("stuck"u8.ToArray(), server.LocalEndPoint);
        await entered.Task.WaitAsync(Wait);

        var stop = server.StopAsync();
        Assert.False(stop.IsCompleted);
        time.Advance(options.ShutdownTimeout);
        await stop.WaitAsync(Wait);

        await canceled.Task.WaitAsync(Wait);
        Assert.Contains(logger.Entries, e => e.EventId == 307);
        await server.DisposeAsync(); // a second stop is the same stop
    }

    [Fact]
    public async Task Stop_closes_the_port()
    {
        var server = new DatagramServer(new DatagramServerOptions(), Echo);
        await server.StartAsync();
        var endPoint = server.LocalEndPoint;

        var socket = server.Socket!;
        Assert.Equal(endPoint, socket.LocalEndPoint);

        await server.StopAsync().WaitAsync(Wait);

        // The server's socket is closed, so its port is back with the OS. (Binding the same port again here
        // races with tests running in parallel, which may be handed that freed ephemeral port.)
        Assert.Throws<ObjectDisposedException>(() => socket.Available);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task The_receive_loop_survives_icmp_errors_after_replying_to_a_closed_port(int maxBatchSize)
    {
        await using var server = new DatagramServer(new DatagramServerOptions { ReceiveLoops = 1, MaxBatchSize = maxBatchSize }, Echo);
        await server.StartAsync();
        // Opened first: a port freed below could otherwise be handed to it, and receive the echo meant for the old socket.
        using var peer = new UdpTestPeer();

        // A client that asks and closes before the reply: the reply draws an ICMP port unreachable.
        for (var i = 0; i < 3; i++)
        {
            using var gone = new UdpTestPeer();
            await gone.SendAsync("x"u8.ToArray(), server.LocalEndPoint);
            gone.Socket.Dispose();
        }

        await peer.SendAsync("still here"u8.ToArray(), server.LocalEndPoint);
        Assert.Equal("still here", Encoding.ASCII.GetString((await peer.ReceiveAsync()).Data));
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task The_receive_loop_survives_connection_refused_from_icmp(int maxBatchSize)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("IP_RECVERR is Linux-only; Windows gets the same error unless SIO_UDP_CONNRESET is off, which the server does");
        }

        var logger = new TestLogger<DatagramServer>();
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new DatagramServer(new DatagramServerOptions { ReceiveLoops = 1, MaxBatchSize = maxBatchSize }, async (context, ct) =>
        {
            if (context.Datagram.Span.SequenceEqual("x"u8))
            {
                received.TrySetResult();
                await release.Task; // until its sender has closed
            }

            await context.ReplyAsync(context.Datagram, ct);
        }, logger);
        await server.StartAsync();
        // IP_RECVERR (SOL_IP 0, option 11) makes Linux report ICMP errors on an unconnected socket: the next receive
        // fails with ECONNREFUSED, the error the loop must shrug off (as on Windows without SIO_UDP_CONNRESET). A raw
        // option: SetSocketOption would translate 11 as MulticastLoopback.
        server.Socket!.SetRawSocketOption(0, 11, BitConverter.GetBytes(1));
        using var peer = new UdpTestPeer(); // opened before any port is freed below, so it cannot get one of them

        using (var gone = new UdpTestPeer())
        {
            await gone.SendAsync("x"u8.ToArray(), server.LocalEndPoint);
            await received.Task.WaitAsync(Wait);
        }

        release.SetResult(); // the reply now goes to a closed port and draws an ICMP port unreachable
        await logger.WaitForAsync(305, containing: "ConnectionRefused");

        await peer.SendAsync("still here"u8.ToArray(), server.LocalEndPoint);
        Assert.Equal("still here", Encoding.ASCII.GetString((await peer.ReceiveAsync()).Data));
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task Works_on_ipv6_loopback(int maxBatchSize)
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Skip("IPv6 is not available on this machine");
        }

        await using var server = new DatagramServer(new DatagramServerOptions { EndPoint = new IPEndPoint(IPAddress.IPv6Loopback, 0), MaxBatchSize = maxBatchSize }, Echo);
        try
        {
            await server.StartAsync();
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            Assert.Skip("::1 is not configured on this machine");
        }

        using var peer = new UdpTestPeer(AddressFamily.InterNetworkV6);
        await peer.SendAsync("six"u8.ToArray(), server.LocalEndPoint);
        var (data, from) = await peer.ReceiveAsync();

        Assert.Equal("six", Encoding.ASCII.GetString(data));
        Assert.Equal(server.LocalEndPoint, from);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task Dual_mode_any_address_serves_ipv4_and_ipv6_clients(int maxBatchSize)
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Skip("IPv6 is not available on this machine");
        }

        // Binding [::] listens on every interface; the test only ever sends to loopback addresses.
        var remotes = new System.Collections.Concurrent.ConcurrentQueue<IPEndPoint>();
        await using var server = new DatagramServer(new DatagramServerOptions { EndPoint = new IPEndPoint(IPAddress.IPv6Any, 0), MaxBatchSize = maxBatchSize }, (context, ct) =>
        {
            remotes.Enqueue(context.RemoteEndPoint);
            return context.ReplyAsync(context.Datagram, ct);
        });
        await server.StartAsync();
        var port = server.LocalEndPoint.Port;
        Assert.NotEqual(0, port);

        using var v4 = new UdpTestPeer(AddressFamily.InterNetwork);
        await v4.SendAsync("four"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, port));
        var (data4, from4) = await v4.ReceiveAsync();
        Assert.Equal("four", Encoding.ASCII.GetString(data4));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, port), from4);

        var v6 = UdpTestPeer.OnIPv6LoopbackOrSkip("::1 is not configured on this machine (the IPv4 half passed)");
        using (v6)
        {
            await v6.SendAsync("six"u8.ToArray(), new IPEndPoint(IPAddress.IPv6Loopback, port));
            var (data6, from6) = await v6.ReceiveAsync();
            Assert.Equal("six", Encoding.ASCII.GetString(data6));
            Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, port), from6);
        }

        // The handler saw the IPv4 client as an IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2) and the IPv6 one as ::1.
        var seen = remotes.ToArray();
        Assert.Equal(2, seen.Length);
        Assert.Equal(IPAddress.Loopback, seen[0].Address.IsIPv4MappedToIPv6 ? seen[0].Address.MapToIPv4() : seen[0].Address);
        Assert.Equal(v4.EndPoint.Port, seen[0].Port);
        Assert.Equal(IPAddress.IPv6Loopback, seen[1].Address);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task A_reply_larger_than_the_maximum_is_refused_as_a_handler_error(int maxBatchSize)
    {
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new DatagramServer(new DatagramServerOptions { MaxDatagramSize = 10, MaxBatchSize = maxBatchSize }, (context, ct) =>
        {
            try
            {
                return context.ReplyAsync(new byte[11], ct);
            }
            finally
            {
                handled.TrySetResult();
            }
        });
        await server.StartAsync();
        using var peer = new UdpTestPeer();

        await peer.SendAsync("x"u8.ToArray(), server.LocalEndPoint);

        await handled.Task.WaitAsync(Wait);
        await server.StopAsync().WaitAsync(Wait); // returns once the handler's failure is counted
        Assert.Equal((1, 1, 0), (server.GetStatistics().DatagramsReceived, server.GetStatistics().HandlerErrors, server.GetStatistics().DatagramsSent));
        Assert.Equal(0, peer.Socket.Available);
    }

    [Theory]
    [InlineData(nameof(DatagramServerOptions.ReceiveLoops), 0)]
    [InlineData(nameof(DatagramServerOptions.MaxDatagramSize), 0)]
    [InlineData(nameof(DatagramServerOptions.MaxDatagramSize), 65_508)]
    [InlineData(nameof(DatagramServerOptions.MaxConcurrentHandlers), 0)]
    [InlineData(nameof(DatagramServerOptions.ReceiveBufferSize), -1)]
    public void Invalid_options_fail_at_construction(string property, int value)
    {
        var options = new DatagramServerOptions();
        typeof(DatagramServerOptions).GetProperty(property)!.SetValue(options, value);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new DatagramServer(options, Echo));
        Assert.Equal(property, ex.ParamName);
    }

    [Fact]
    public void A_missing_clock_fails_at_construction()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => new DatagramServer(new DatagramServerOptions { TimeProvider = null! }, Echo));
        Assert.Equal(nameof(DatagramServerOptions.TimeProvider), ex.ParamName);
    }

    [Fact]
    public async Task LocalEndPoint_before_start_and_a_second_start_are_errors()
    {
        await using var server = new DatagramServer(new DatagramServerOptions(), Echo);
        Assert.Throws<InvalidOperationException>(() => server.LocalEndPoint);
        await server.StartAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());
    }
}
