using System.Net;
using System.Net.Sockets;
using NetPrimitives.Ping.Engines;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.Tests.Ping;

public sealed class TcpConnectPingerTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_listening_port_is_alive()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        var pinger = new TcpConnectPinger([((IPEndPoint)listener.LocalEndPoint!).Port], new SignalingTimeProvider());

        var outcome = await pinger.ProbeAsync(IPAddress.Loopback, TimeSpan.FromSeconds(5), CancellationToken.None).AsTask().WaitAsync(Guard);

        Assert.Equal(ProbeStatus.Alive, outcome.Status);
    }

    [Fact]
    public async Task A_probe_nobody_answers_times_out_on_the_sweeps_clock()
    {
        // A listener that never accepts, its backlog filled by connections the test holds open: Linux drops further
        // SYNs, so a probe can only end by its timeout, which runs on the fake clock and is moved past as soon as the
        // probe has armed it.
        using var full = new FullBacklogListener();
        var time = new SignalingTimeProvider();
        var timeout = TimeSpan.FromSeconds(3);
        var pinger = new TcpConnectPinger([full.EndPoint.Port], time);
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            var probe = pinger.ProbeAsync(IPAddress.Loopback, timeout, CancellationToken.None).AsTask();
            await time.WaitForTimerAsync(timeout, attempt);
            time.Advance(timeout);
            var outcome = await probe.WaitAsync(Guard);
            if (outcome.Status == ProbeStatus.TimedOut)
            {
                return;
            }

            // Answered before the clock moved: that connection now fills the queue; the next probe cannot be.
            Assert.Equal(ProbeStatus.Alive, outcome.Status);
        }

        Assert.Skip("this system answered 8 connects on a backlog of 1; no probe could time out");
    }
}
