using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using NetPrimitives.Udp;

namespace NetPrimitives.Tests.Udp;

/// <summary>
/// What only the Linux recvmmsg/sendmmsg batches (<see cref="DatagramServerOptions.MaxBatchSize"/> above 1) can show:
/// several datagrams per receive, replies that fail inside a sendmmsg. Every rule of the server runs on both paths in
/// <see cref="DatagramServerTests"/>.
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

            await server.StopAsync().WaitAsync(UdpTestPeer.Wait);
            Assert.Equal((60, 60), (server.GetStatistics().DatagramsReceived, server.GetStatistics().DatagramsSent));
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
    public async Task Stop_wakes_every_batched_loop_even_when_one_takes_all_the_wake_up_datagrams()
    {
        RequireLinux();
        // A clock that never moves: the shutdown timeout never ends the stop, so only every loop's exit can.
        var server = new DatagramServer(new DatagramServerOptions { ReceiveLoops = 4, MaxBatchSize = 8, TimeProvider = new FakeTimeProvider() }, Echo);
        await server.StartAsync();
        using var peer = new UdpTestPeer();
        await peer.SendAsync("x"u8.ToArray(), server.LocalEndPoint);
        await peer.ReceiveAsync();

        await server.StopAsync().WaitAsync(UdpTestPeer.Wait);
    }

    [Fact]
    public async Task A_refused_batched_reply_is_counted_as_dropped_and_the_loop_serves_on()
    {
        RequireLinux();
        var logger = new TestLogger<DatagramServer>();
        var lateEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lateGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lateDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        await using var server = new DatagramServer(new DatagramServerOptions { ReceiveLoops = 1, MaxBatchSize = 8 }, async (context, ct) =>
        {
            var text = Encoding.ASCII.GetString(context.Datagram.Span);
            if (text == "late")
            {
                lateEntered.TrySetResult();
                await lateGate.Task; // its sender closes meanwhile; the reply then leaves at once, from this thread
                await context.ReplyAsync(context.Datagram, ct);
                lateDone.TrySetResult();
                return;
            }

            if (text == "hold")
            {
                // Holds the loop itself (a synchronous handler): its reply joins the loop's batch.
                held.TrySetResult();
                release.Wait(ct);
            }

            await context.ReplyAsync(context.Datagram, ct);
        }, logger);
        await server.StartAsync();
        // IP_RECVERR (SOL_IP 0, option 11): ICMP errors are reported on this unconnected socket, failing the next
        // recvmmsg or sendmmsg with ECONNREFUSED (see DatagramServerTests for the receive side on both paths).
        server.Socket!.SetRawSocketOption(0, 11, BitConverter.GetBytes(1));
        using var peer = new UdpTestPeer();
        using (var gone = new UdpTestPeer())
        {
            await gone.SendAsync("late"u8.ToArray(), server.LocalEndPoint);
            await lateEntered.Task.WaitAsync(UdpTestPeer.Wait);
            await peer.SendAsync("hold"u8.ToArray(), server.LocalEndPoint);
            await held.Task.WaitAsync(UdpTestPeer.Wait);
        }

        // The late reply goes to the closed port while the loop is held: the ICMP error waits on the socket for the
        // loop's next call, the sendmmsg of the held reply, which is refused (310) and counted as dropped. (Should the
        // error come only after that send, the next recvmmsg reports it instead: 305, and the held reply arrives.)
        lateGate.SetResult();
        await lateDone.Task.WaitAsync(UdpTestPeer.Wait);
        var reply = peer.ReceiveAsync();
        var refused = logger.WaitForAsync(310);
        release.Set();
        await Task.WhenAny(reply, refused);
        var heldAnswered = reply.IsCompleted;
        if (heldAnswered)
        {
            Assert.Equal("hold", Encoding.ASCII.GetString((await reply).Data));
            await logger.WaitForAsync(305, containing: "ConnectionRefused");
            reply = peer.ReceiveAsync();
        }
        else
        {
            await refused;
        }

        await peer.SendAsync("still here"u8.ToArray(), server.LocalEndPoint);
        Assert.Equal("still here", Encoding.ASCII.GetString((await reply).Data));
        await server.StopAsync().WaitAsync(UdpTestPeer.Wait);
        var stats = server.GetStatistics();
        Assert.Equal(3, stats.DatagramsReceived);
        Assert.Equal(heldAnswered ? 0 : 1, stats.DatagramsDropped);
        Assert.Equal(3, stats.DatagramsSent + stats.DatagramsDropped);
        Assert.Equal(stats.DatagramsDropped, logger.Count(310));
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
