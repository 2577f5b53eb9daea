using System.Globalization;
using System.Net;
using System.Text;
using NetPrimitives.Udp;

namespace NetPrimitives.Tests.Udp;

/// <summary>
/// The Linux receive loop with recvmmsg/sendmmsg batches (<see cref="DatagramServerOptions.MaxBatchSize"/> above 1). The one-at-a-time loop is covered by DatagramServerTests.
/// </summary>
public sealed class DatagramServerBatchTests
{
    private static DatagramHandler Echo => (context, ct) => context.ReplyAsync(context.Datagram, ct);

    private static void RequireLinux()
    {
        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8)
        {
            Assert.Skip("recvmmsg/sendmmsg batches are Linux-only (64-bit)");
        }
    }

    [Fact]
    public async Task Batches_answer_every_datagram_of_many_clients_to_its_own_sender()
    {
        RequireLinux();
        await using var server = new DatagramServer(new DatagramServerOptions { ReceiveLoops = 2, MaxBatchSize = 8 }, Echo);
        await server.StartAsync();
        var peers = Enumerable.Range(0, 12).Select(_ => new UdpTestPeer()).ToArray();
        try
        {
            // Each peer fires its datagrams back to back, so the socket queue holds several for one recvmmsg.
            await Task.WhenAll(peers.Select(async (peer, p) =>
            {
                for (var i = 0; i < 5; i++)
                {
                    await peer.SendAsync(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{p}:{i}")), server.LocalEndPoint);
                }
            }));

            for (var p = 0; p < peers.Length; p++)
            {
                var replies = new List<string>();
                for (var i = 0; i < 5; i++)
                {
                    var (data, from) = await peers[p].ReceiveAsync();
                    Assert.Equal(server.LocalEndPoint, from);
                    replies.Add(Encoding.ASCII.GetString(data));
                }

                Assert.Equal(Enumerable.Range(0, 5).Select(i => string.Create(CultureInfo.InvariantCulture, $"{p}:{i}")).Order(), replies.Order());
            }

            await DatagramServerTests.WaitUntil(() => server.GetStatistics().DatagramsSent == 60);
            Assert.Equal(60, server.GetStatistics().DatagramsReceived);
        }
        finally
        {
            foreach (var peer in peers)
            {
                peer.Dispose();
            }
        }
    }

    [Fact]
    public async Task Synchronous_asynchronous_and_failing_handlers_mix_in_one_batch()
    {
        RequireLinux();
        await using var server = new DatagramServer(new DatagramServerOptions { ReceiveLoops = 1, MaxBatchSize = 8 }, async (context, ct) =>
        {
            var text = Encoding.ASCII.GetString(context.Datagram.Span);
            if (text == "throw")
            {
                throw new InvalidOperationException("synchronous failure");
            }

            if (text.StartsWith("async", StringComparison.Ordinal))
            {
                await Task.Yield(); // the reply then leaves from a pool thread, not from the batch
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
        await DatagramServerTests.WaitUntil(() => server.GetStatistics() is { HandlerErrors: 1, DatagramsSent: 3 });
    }

    [Fact]
    public async Task Stop_wakes_every_batched_loop_even_when_one_takes_all_the_wake_up_datagrams()
    {
        RequireLinux();
        var logger = new TestLogger<DatagramServer>();
        // A long shutdown timeout: a loop left blocked would hold the stop for 30 s and log StopTimedOut (307).
        var server = new DatagramServer(new DatagramServerOptions { ReceiveLoops = 4, MaxBatchSize = 8, ShutdownTimeout = TimeSpan.FromSeconds(30) }, Echo, logger);
        await server.StartAsync();
        using var peer = new UdpTestPeer();
        await peer.SendAsync("x"u8.ToArray(), server.LocalEndPoint);
        await peer.ReceiveAsync();

        await server.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.DoesNotContain(logger.Entries, e => e.EventId == 307);
    }

    [Fact]
    public async Task A_refused_batched_reply_is_counted_as_dropped_and_the_loop_serves_on()
    {
        RequireLinux();
        var logger = new TestLogger<DatagramServer>();
        await using var server = new DatagramServer(new DatagramServerOptions { ReceiveLoops = 1, MaxBatchSize = 8 }, Echo, logger);
        await server.StartAsync();
        // IP_RECVERR (SOL_IP 0, option 11): ICMP errors are reported on this unconnected socket, failing the next
        // recvmmsg or sendmmsg with ECONNREFUSED (see DatagramServerTests for the one-at-a-time loop).
        server.Socket!.SetRawSocketOption(0, 11, BitConverter.GetBytes(1));
        using var peer = new UdpTestPeer();
        for (var i = 0; i < 3; i++)
        {
            using var gone = new UdpTestPeer();
            await gone.SendAsync("x"u8.ToArray(), server.LocalEndPoint);
            await DatagramServerTests.WaitUntil(() => server.GetStatistics().DatagramsReceived == i + 1);
        }

        await peer.SendAsync("still here"u8.ToArray(), server.LocalEndPoint);
        // The error, once the ICMP message is in, fails a receive (305) or a batched send (310, counted as dropped).
        var (data, _) = await peer.ReceiveAsync();
        Assert.Equal("still here", Encoding.ASCII.GetString(data));
        // Counted just after the sendmmsg returns, so possibly after the peer saw the reply.
        await DatagramServerTests.WaitUntil(() => server.GetStatistics() is var stats
            && stats.DatagramsReceived == 4
            && stats.DatagramsSent + stats.DatagramsDropped == 4
            && stats.DatagramsDropped == logger.Entries.Count(e => e.EventId == 310));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65)]
    public void Invalid_batch_sizes_fail_at_construction(int value)
    {
        var options = new DatagramServerOptions { MaxBatchSize = value };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new DatagramServer(options, Echo));
        Assert.Equal(nameof(DatagramServerOptions.MaxBatchSize), ex.ParamName);
    }
}
