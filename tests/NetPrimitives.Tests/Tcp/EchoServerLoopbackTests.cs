using System.Net;
using System.Net.Sockets;
using NetPrimitives.Framing;
using NetPrimitives.Tcp;
using NetPrimitives.Tests.Transport;
using NetPrimitives.Transport;

namespace NetPrimitives.Tests.Tcp;

/// <summary>The EchoServer on 127.0.0.1, port 0, with many real clients.</summary>
public sealed class EchoServerLoopbackTests
{
    private static async Task<EchoServer> StartAsync(EchoServerOptions options)
    {
        var server = new EchoServer(options);
        await server.StartAsync().WaitAsync(PipeRead.Timeout);
        return server;
    }

    [Fact]
    public async Task Two_hundred_clients_times_500_random_frames_come_back_intact()
    {
        const int Clients = 200;
        const int Messages = 500;
        await using var server = await StartAsync(new EchoServerOptions { Mode = EchoMode.Frames });
        var framer = new LengthPrefixedFramer();

        async Task<(long Bytes, ulong Checksum)> RunClientAsync(int seed)
        {
            var random = new Random(seed); // deterministic sizes and contents per client
            await using var client = await TcpConnection.ConnectAsync(server.LocalEndPoint);
            var sent = new Queue<byte[]>();
            ulong sentSum = 14695981039346656037, receivedSum = 14695981039346656037;

            var writer = Task.Run(async () =>
            {
                for (var i = 0; i < Messages; i++)
                {
                    var payload = new byte[random.Next(0, 1025)];
                    random.NextBytes(payload);
                    lock (sent)
                    {
                        sent.Enqueue(payload);
                    }

                    sentSum = Fnv(sentSum, payload);
                    framer.WriteFrame(client.Output, payload);
                    if (i % 16 == 15)
                    {
                        await client.Output.FlushAsync();
                    }
                }

                await client.Output.FlushAsync();
            });

            long bytes = 0;
            var received = 0;
            while (received < Messages)
            {
                var result = await client.Input.ReadAsync();
                var buffer = result.Buffer;
                while (framer.TryReadFrame(ref buffer, out var payload))
                {
                    byte[] expected;
                    lock (sent)
                    {
                        expected = sent.Dequeue();
                    }

                    var actual = payload.ToArray();
                    Assert.Equal(expected, actual);
                    receivedSum = Fnv(receivedSum, actual);
                    bytes += actual.Length;
                    received++;
                }

                client.Input.AdvanceTo(buffer.Start, buffer.End);
                Assert.False(result.IsCompleted && received < Messages, $"the server closed after {received} messages");
            }

            await writer;
            Assert.Equal(sentSum, receivedSum);
            return (bytes, receivedSum);
        }

        var results = await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => Task.Run(() => RunClientAsync(i)))).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(results, r => Assert.True(r.Bytes > 0));
        await PipeRead.UntilAsync(server.Listener, () => server.ActiveSessions == 0, "all sessions ended");
    }

    [Fact]
    public async Task A_client_that_never_reads_holds_at_most_the_configured_buffers_and_delays_nobody()
    {
        const int MaxRead = 64 * 1024;
        const int MaxWrite = 16 * 1024;
        await using var server = await StartAsync(new EchoServerOptions { MaxReadBufferSize = MaxRead, MaxWriteBufferSize = MaxWrite });
        EchoSession? stuckSession = null;
        server.ClientConnected += (_, e) => stuckSession ??= e.Session;

        using var stuck = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 8192 };
        await stuck.ConnectAsync(server.LocalEndPoint).WaitAsync(PipeRead.Timeout);
        using var stopSending = new CancellationTokenSource();
        var total = 0L;
        var flood = Task.Run(async () =>
        {
            var chunk = new byte[64 * 1024];
            try
            {
                for (var i = 0; i < 512 && !stopSending.IsCancellationRequested; i++) // at most 32 MiB
                {
                    Interlocked.Add(ref total, await stuck.SendAsync(chunk, SocketFlags.None, stopSending.Token));
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        });

        // Wait until the server stops taking bytes: its receive loop waits for the session, which has read and
        // echoed (so both peaks are set) and is itself held by the full send side.
        await PipeRead.UntilAsync(server.Listener, () => server.Listener.Connections.Count == 1, "the stuck client is connected");
        var connection = server.Listener.Connections.Single();
        await PipeRead.UntilAsync(
            () => connection.IsReceivePaused && stuckSession?.PeakBufferedInput > 0 && connection.PeakUnsentBytes > 0,
            "the server stopped reading from the stuck client",
            h => connection.ReceivePaused += h,
            h => connection.ReceivePaused -= h);

        // Meanwhile another client is served normally.
        await using (var other = await TcpConnection.ConnectAsync(server.LocalEndPoint).AsTask().WaitAsync(PipeRead.Timeout))
        {
            await other.Output.WriteAsync("not delayed"u8.ToArray());
            Assert.Equal("not delayed"u8.ToArray(), await PipeRead.ExactlyAsync(other.Input, 11));
        }

        // Bounded: unread input at most the read limit (plus one receive, at most BufferSegmentSize = 64 KiB), unsent
        // output at most the write limit (plus one flush chunk and one segment). The rest waits in the kernel, not in our memory.
        Assert.InRange(stuckSession!.PeakBufferedInput, 1, MaxRead + 64 * 1024);
        Assert.InRange(connection.PeakUnsentBytes, 1, MaxWrite + 16 * 1024 + 64 * 1024);
        Assert.True(connection.BytesReceived < 32L * 1024 * 1024, "the server must not have swallowed the whole flood");

        stopSending.Cancel();
        stuck.Dispose();
        await flood.WaitAsync(PipeRead.Timeout);
    }

    [Fact]
    public async Task A_hundred_clients_reset_mid_message_while_others_keep_being_served()
    {
        await using var server = await StartAsync(new EchoServerOptions { Mode = EchoMode.Lines });
        await using var steady = await TcpConnection.ConnectAsync(server.LocalEndPoint).AsTask().WaitAsync(PipeRead.Timeout);
        var disconnects = 0;
        server.ClientDisconnected += (_, _) => Interlocked.Increment(ref disconnects);

        var resets = Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(server.LocalEndPoint);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"half a line from {i} and no end"), SocketFlags.None);
            socket.LingerState = new LingerOption(true, 0); // Close now sends RST
            socket.Close();
        })).ToArray();

        // The steady client keeps getting answers the whole time.
        for (var i = 0; i < 50; i++)
        {
            var line = $"steady {i}\r\n";
            await steady.Output.WriteAsync(Encoding.ASCII.GetBytes($"steady {i}\n"));
            Assert.Equal(line, Encoding.ASCII.GetString(await PipeRead.ExactlyAsync(steady.Input, line.Length)));
        }

        await Task.WhenAll(resets).WaitAsync(PipeRead.Timeout);
        await PipeRead.UntilAsync(server.Listener, () => Volatile.Read(ref disconnects) == 100 && server.ActiveSessions == 1, "the 100 reset sessions ended");

        await steady.Output.WriteAsync("after\n"u8.ToArray());
        Assert.Equal("after\r\n"u8.ToArray(), await PipeRead.ExactlyAsync(steady.Input, 7));
    }

    [Fact]
    public async Task Graceful_stop_drains_an_in_flight_echo_and_then_closes()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var gate = new ManualResetEventSlim();
        var server = await StartAsync(new EchoServerOptions
        {
            Mode = EchoMode.Lines,
            Transform = (EchoSession session, in ReadOnlySequence<byte> message, IBufferWriter<byte> output) =>
            {
                entered.TrySetResult();
                gate.Wait(PipeRead.Timeout); // the message is being processed when the stop begins
                EchoTransforms.UpperCase(session, message, output);
            },
        });
        await using var client = await TcpConnection.ConnectAsync(server.LocalEndPoint).AsTask().WaitAsync(PipeRead.Timeout);
        await client.Output.WriteAsync("in flight\n"u8.ToArray());
        await entered.Task.WaitAsync(PipeRead.Timeout);

        using var deadline = new CancellationTokenSource(PipeRead.Timeout);
        var stop = server.StopAsync(deadline.Token);
        Assert.False(stop.IsCompleted);
        gate.Set();

        var (bytes, error) = await PipeRead.ToEndAsync(client.Input);
        Assert.Null(error); // a clean FIN after the answer, not a reset
        Assert.Equal("IN FLIGHT\r\n", Encoding.ASCII.GetString(bytes));
        await stop.WaitAsync(PipeRead.Timeout);
        Assert.False(deadline.IsCancellationRequested);

        // Stopped means stopped: no new connections.
        await Assert.ThrowsAsync<ConnectionRefusedException>(() => TcpConnection.ConnectAsync(server.LocalEndPoint).AsTask().WaitAsync(PipeRead.Timeout));
        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_port_in_use_gives_the_typed_error_and_the_first_server_keeps_working()
    {
        await using var first = await StartAsync(new EchoServerOptions());
        await using var second = new EchoServer(new EchoServerOptions { EndPoint = first.LocalEndPoint });
        var error = await Assert.ThrowsAsync<AddressInUseException>(() => second.StartAsync());
        Assert.IsType<SocketException>(error.InnerException);
        Assert.Throws<InvalidOperationException>(() => second.LocalEndPoint);

        await using var client = await TcpConnection.ConnectAsync(first.LocalEndPoint).AsTask().WaitAsync(PipeRead.Timeout);
        await client.Output.WriteAsync("ok"u8.ToArray());
        Assert.Equal("ok"u8.ToArray(), await PipeRead.ExactlyAsync(client.Input, 2));
    }

    [Fact]
    public async Task Stopping_with_a_client_that_never_reads_does_not_hang()
    {
        var server = await StartAsync(new EchoServerOptions { MaxReadBufferSize = 16 * 1024, MaxWriteBufferSize = 4096 });
        using var stuck = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await stuck.ConnectAsync(server.LocalEndPoint).WaitAsync(PipeRead.Timeout);
        using var cts = new CancellationTokenSource();
        var flood = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 1024 && !cts.IsCancellationRequested; i++)
                {
                    await stuck.SendAsync(new byte[32 * 1024], SocketFlags.None, cts.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        });
        await PipeRead.UntilAsync(server.Listener, () => server.ActiveSessions == 1, "the stuck client is served");

        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await server.StopAsync(deadline.Token).WaitAsync(PipeRead.Timeout);
        Assert.Equal(0, server.ActiveSessions);

        cts.Cancel();
        stuck.Dispose();
        await flood.WaitAsync(PipeRead.Timeout);
        await server.DisposeAsync();
    }

    private static ulong Fnv(ulong hash, byte[] data)
    {
        foreach (var b in data)
        {
            hash = (hash ^ b) * 1099511628211;
        }

        return hash;
    }
}
