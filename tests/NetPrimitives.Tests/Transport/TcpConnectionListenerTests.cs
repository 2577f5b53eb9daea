using System.Net;
using System.Net.Sockets;
using NetPrimitives.Tests.Infrastructure;
using NetPrimitives.Transport;

namespace NetPrimitives.Tests.Transport;

public sealed class TcpConnectionListenerTests
{
    // The simplest handler: copy input to output until FIN (the TLS tests use it too).
    internal static async Task Echo(SocketConnection connection, CancellationToken stopping)
    {
        while (true)
        {
            var result = await connection.Input.ReadAsync(stopping);
            foreach (var segment in result.Buffer)
            {
                await connection.Output.WriteAsync(segment);
            }

            connection.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private static TcpConnectionListener Start(TcpServerOptions? options = null, Func<SocketConnection, CancellationToken, Task>? handler = null)
    {
        var listener = new TcpConnectionListener(options ?? new TcpServerOptions(), handler ?? Echo);
        listener.Start();
        return listener;
    }

    [Fact]
    public async Task Port_zero_reports_the_real_port_and_a_client_round_trips()
    {
        await using var listener = Start();
        Assert.NotEqual(0, listener.LocalEndPoint!.Port);

        await using var client = await TcpConnection.ConnectAsync(listener.LocalEndPoint).AsTask().WaitAsync(PipeRead.Timeout);
        await client.Output.WriteAsync("hello"u8.ToArray());
        Assert.Equal("hello"u8.ToArray(), await PipeRead.ExactlyAsync(client.Input, 5));
        Assert.Equal(listener.LocalEndPoint, client.RemoteEndPoint);
    }

    [Fact]
    public async Task Client_fin_completes_the_server_input_and_the_server_fin_completes_the_client_input()
    {
        await using var listener = Start();
        await using var client = await TcpConnection.ConnectAsync(listener.LocalEndPoint!).AsTask().WaitAsync(PipeRead.Timeout);
        await client.Output.WriteAsync("last words"u8.ToArray());
        await client.Output.CompleteAsync(); // FIN after the data

        var (bytes, error) = await PipeRead.ToEndAsync(client.Input);
        Assert.Null(error);
        Assert.Equal("last words"u8.ToArray(), bytes);
        await PipeRead.UntilAsync(listener, () => listener.ActiveConnections == 0, "the server closed the connection");
    }

    [Fact]
    public async Task Host_names_are_resolved_and_every_address_tried()
    {
        // "localhost" usually resolves to ::1 and 127.0.0.1; the server listens on 127.0.0.1 only, so an
        // attempt on ::1 is refused and the next address must be tried.
        await using var listener = Start();
        await using var client = await TcpConnection.ConnectAsync("localhost", listener.LocalEndPoint!.Port).AsTask().WaitAsync(PipeRead.Timeout);
        Assert.Equal(IPAddress.Loopback, client.RemoteEndPoint.Address);
        await client.Output.WriteAsync("x"u8.ToArray());
        Assert.Equal("x"u8.ToArray(), await PipeRead.ExactlyAsync(client.Input, 1));
    }

    [Fact]
    public async Task A_port_in_use_gives_AddressInUseException_with_the_socket_error_inside()
    {
        await using var first = Start();
        var second = new TcpConnectionListener(new TcpServerOptions { EndPoint = first.LocalEndPoint! }, Echo);

        var error = Assert.Throws<AddressInUseException>(second.Start);
        Assert.Equal(first.LocalEndPoint, error.EndPoint);
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketError);
        Assert.IsType<SocketException>(error.InnerException);
    }

    [Fact]
    public async Task Connecting_to_a_closed_port_gives_ConnectionRefusedException()
    {
        var listener = Start();
        var endPoint = listener.LocalEndPoint!;
        await listener.DisposeAsync();

        var error = await Assert.ThrowsAsync<ConnectionRefusedException>(() => TcpConnection.ConnectAsync(endPoint).AsTask().WaitAsync(PipeRead.Timeout));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketError);
        Assert.IsType<SocketException>(error.InnerException);
    }

    [Fact]
    public async Task A_connect_that_cannot_complete_gives_ConnectTimeoutException()
    {
        // A listener that never accepts, with backlog 1: once its queue is full, Linux drops further SYNs, so
        // the next connect can only time out. (If the system queues them anyway, there is nothing to test.)
        // Each connect's timeout runs on a fake clock, moved past it as soon as the connect has armed it: a connect
        // that has not completed by then fails with the timeout, one that has completed is kept and the next tried.
        using var full = new FullBacklogListener(backlog: 1, fillers: 0);
        var endPoint = full.EndPoint;
        var clock = new SignalingTimeProvider();
        var options = new TcpConnectionOptions { ConnectTimeout = TimeSpan.FromSeconds(10), TimeProvider = clock };
        var opened = new List<TcpConnection>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                try
                {
                    var connect = TcpConnection.ConnectAsync(endPoint, options).AsTask();
                    await clock.ExpireAsync(options.ConnectTimeout, i + 1);
                    opened.Add(await connect.WaitAsync(PipeRead.Timeout));
                }
                catch (ConnectTimeoutException error)
                {
                    Assert.Equal(options.ConnectTimeout, error.Timeout);
                    return;
                }
            }

            Assert.Skip("this system queued 8 connects on a backlog of 1; no connect timed out");
        }
        finally
        {
            foreach (var connection in opened)
            {
                connection.Abort();
            }
        }
    }

    [Fact]
    public async Task IPv6_loopback_works()
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Skip("IPv6 is not supported on this machine");
        }

        TcpConnectionListener listener;
        try
        {
            listener = Start(new TcpServerOptions { EndPoint = new IPEndPoint(IPAddress.IPv6Loopback, 0) });
        }
        catch (TransportException ex)
        {
            Assert.Skip($"::1 is not available here: {ex.Message}");
            return;
        }

        await using (listener)
        {
            await using var client = await TcpConnection.ConnectAsync(listener.LocalEndPoint!).AsTask().WaitAsync(PipeRead.Timeout);
            Assert.Equal(AddressFamily.InterNetworkV6, client.RemoteEndPoint.AddressFamily);
            await client.Output.WriteAsync("v6"u8.ToArray());
            Assert.Equal("v6"u8.ToArray(), await PipeRead.ExactlyAsync(client.Input, 2));
        }
    }

    [Fact]
    public async Task Dual_mode_any_address_accepts_IPv4_clients()
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Skip("IPv6 is not supported on this machine");
        }

        // Listens on [::] (every interface), but the test only ever connects over loopback.
        await using var listener = Start(new TcpServerOptions { EndPoint = new IPEndPoint(IPAddress.IPv6Any, 0) });
        await using var client = await TcpConnection.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.LocalEndPoint!.Port)).AsTask().WaitAsync(PipeRead.Timeout);
        await client.Output.WriteAsync("v4"u8.ToArray());
        Assert.Equal("v4"u8.ToArray(), await PipeRead.ExactlyAsync(client.Input, 2));
    }

    [Fact]
    public async Task Idle_timeout_closes_a_silent_connection()
    {
        var clock = new SignalingTimeProvider();
        await using var listener = Start(new TcpServerOptions { IdleTimeout = TimeSpan.FromSeconds(20), TimeProvider = clock });
        await using var client = await TcpConnection.ConnectAsync(listener.LocalEndPoint!).AsTask().WaitAsync(PipeRead.Timeout);
        await PipeRead.UntilAsync(listener, () => listener.ActiveConnections == 1, "the connection is served");

        // The client says nothing; once the clock has moved past the timeout the server ends the connection by itself.
        clock.Advance(TimeSpan.FromSeconds(21));
        var (bytes, _) = await PipeRead.ToEndAsync(client.Input);
        Assert.Empty(bytes);
        await PipeRead.UntilAsync(listener, () => listener.ActiveConnections == 0, "the idle connection was removed");
    }

    [Fact]
    public async Task Idle_timeout_follows_the_time_provider_and_activity_resets_it()
    {
        var clock = new SignalingTimeProvider();
        await using var listener = Start(new TcpServerOptions { IdleTimeout = TimeSpan.FromMinutes(1), TimeProvider = clock });
        await using var client = await TcpConnection.ConnectAsync(listener.LocalEndPoint!).AsTask().WaitAsync(PipeRead.Timeout);
        await PipeRead.UntilAsync(listener, () => listener.ActiveConnections == 1, "the connection is served");

        clock.Advance(TimeSpan.FromSeconds(40)); // 40 s quiet: not idle yet
        await client.Output.WriteAsync("ping"u8.ToArray());
        Assert.Equal("ping"u8.ToArray(), await PipeRead.ExactlyAsync(client.Input, 4));

        clock.Advance(TimeSpan.FromSeconds(40)); // 80 s since connect, but only 40 s since the echo: still alive
        Assert.Equal(1, listener.ActiveConnections);
        await client.Output.WriteAsync("pong"u8.ToArray());
        Assert.Equal("pong"u8.ToArray(), await PipeRead.ExactlyAsync(client.Input, 4));

        clock.Advance(TimeSpan.FromSeconds(61)); // now a full minute of silence
        var (bytes, _) = await PipeRead.ToEndAsync(client.Input);
        Assert.Empty(bytes);
        await PipeRead.UntilAsync(listener, () => listener.ActiveConnections == 0, "the idle connection was removed");
    }

    [Fact]
    public async Task MaxConnections_refuses_the_excess_at_once_and_keeps_serving_the_others()
    {
        await using var listener = Start(new TcpServerOptions { MaxConnections = 2 });
        await using var first = await TcpConnection.ConnectAsync(listener.LocalEndPoint!).AsTask().WaitAsync(PipeRead.Timeout);
        await using var second = await TcpConnection.ConnectAsync(listener.LocalEndPoint!).AsTask().WaitAsync(PipeRead.Timeout);
        await PipeRead.UntilAsync(listener, () => listener.ActiveConnections == 2, "both connections are being served");

        // The handshake of the third completes in the kernel; the server then resets it instead of queueing it.
        // The client sees the reset either while connecting or as the end of its input.
        try
        {
            await using var third = await TcpConnection.ConnectAsync(listener.LocalEndPoint!).AsTask().WaitAsync(PipeRead.Timeout);
            var (bytes, error) = await PipeRead.ToEndAsync(third.Input);
            Assert.Empty(bytes);
            Assert.True(error is null or ConnectionResetException, $"unexpected {error}");
        }
        catch (ConnectionRefusedException)
        {
        }

        Assert.Equal(2, listener.ActiveConnections);

        foreach (var client in new[] { first, second })
        {
            await client.Output.WriteAsync("still here"u8.ToArray());
            Assert.Equal("still here"u8.ToArray(), await PipeRead.ExactlyAsync(client.Input, 10));
        }
    }

    [Fact]
    public async Task Stop_aborts_connections_that_do_not_finish_before_the_token_fires()
    {
        var handlerEnded = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = Start(handler: async (connection, _) =>
        {
            try
            {
                // Ignores the stopping token on purpose: only the abort can end it.
                while (!(await connection.Input.ReadAsync()).IsCompleted)
                {
                }

                handlerEnded.TrySetResult(null);
            }
            catch (Exception ex)
            {
                handlerEnded.TrySetResult(ex);
                throw;
            }
        });
        await using var client = await TcpConnection.ConnectAsync(listener.LocalEndPoint!).AsTask().WaitAsync(PipeRead.Timeout);
        await PipeRead.UntilAsync(listener, () => listener.ActiveConnections == 1, "the connection is served");

        // The handler ignores the stopping token, so the stop waits until its own token fires: fired here by hand.
        using var deadline = new CancellationTokenSource();
        var stop = listener.StopAsync(deadline.Token);
        Assert.False(stop.IsCompleted, "stop must wait for the handler");
        await deadline.CancelAsync();
        await stop.WaitAsync(PipeRead.Timeout);

        Assert.IsType<ConnectionAbortedException>(await handlerEnded.Task.WaitAsync(PipeRead.Timeout));
        Assert.Equal(0, listener.ActiveConnections);
        await listener.DisposeAsync(); // a second stop returns at once
    }

    [Fact]
    public async Task A_peer_reset_completes_the_input_with_ConnectionResetException_logged_at_debug()
    {
        var logger = new ListLogger();
        var seen = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = new TcpConnectionListener(new TcpServerOptions(), async (connection, _) =>
        {
            try
            {
                while (!(await connection.Input.ReadAsync()).IsCompleted)
                {
                }

                seen.TrySetResult(null);
            }
            catch (Exception ex)
            {
                seen.TrySetResult(ex);
                throw;
            }
        }, logger);
        listener.Start();
        await using (listener)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(listener.LocalEndPoint!).WaitAsync(PipeRead.Timeout);
            await PipeRead.UntilAsync(listener, () => listener.ActiveConnections == 1, "the connection is served");
            client.LingerState = new LingerOption(true, 0);
            client.Close(); // RST

            var error = await seen.Task.WaitAsync(PipeRead.Timeout);
            var reset = Assert.IsType<ConnectionResetException>(error);
            Assert.IsType<SocketException>(reset.InnerException);
            await PipeRead.UntilAsync(listener, () => listener.ActiveConnections == 0, "the connection was cleaned up");
        }

        Assert.Contains(logger.Entries, e => e.EventId == 103 && e.Level == Microsoft.Extensions.Logging.LogLevel.Debug);
        Assert.DoesNotContain(logger.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
    {
        private readonly List<(int EventId, Microsoft.Extensions.Logging.LogLevel Level)> _entries = [];

        public (int EventId, Microsoft.Extensions.Logging.LogLevel Level)[] Entries
        {
            get
            {
                lock (_entries)
                {
                    return _entries.ToArray();
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
            {
                _entries.Add((eventId.Id, logLevel));
            }
        }
    }
}
