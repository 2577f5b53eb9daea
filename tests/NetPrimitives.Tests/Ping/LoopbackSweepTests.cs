using System.Net;
using System.Net.Sockets;
using NetPrimitives.Ping;
using static NetPrimitives.Tests.Ping.SweepTestKit;

namespace NetPrimitives.Tests.Ping;

/// <summary>Real sweeps on loopback (127.0.0.0/8 and ::1 only): every 127.x address answers on Linux.</summary>
public sealed class LoopbackSweepTests
{
    private static PingSweep StartOrSkip(PingSweeperOptions options, string targets)
    {
        try
        {
            return new PingSweeper(options).Start(PingTargets.Parse(targets));
        }
        catch (PingEngineUnavailableException ex)
        {
            Assert.Skip($"{ex.Engine} engine not permitted for this process: {ex.Reason}");
            throw; // unreachable
        }
    }

    private static PingSweeperOptions Options(PingEngine engine) => new()
    {
        Engine = engine,
        Timeout = TimeSpan.FromSeconds(1),
        Retries = 2,
        RatePerSecond = 0,
    };

    [Fact]
    public async Task Raw_engine_finds_all_of_127_0_0_0_slash_24_alive()
    {
        var sweep = StartOrSkip(Options(PingEngine.RawSocket), "127.0.0.0/24");
        await using (sweep)
        {
            var results = await CollectAsync(sweep.ReadAllAsync()).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(254, results.Count);
            Assert.All(results, r =>
            {
                Assert.Equal(PingStatus.Alive, r.Status);
                Assert.True(r.RoundTripTime > TimeSpan.Zero);
                Assert.InRange(r.Ttl!.Value, 1, 255);
            });
            Assert.Equal(254, results.Select(r => r.Address).Distinct().Count());
            Assert.Equal(PingEngine.RawSocket, sweep.Summary.Engine);
            Assert.Equal(254, sweep.Summary.Alive);
        }
    }

    [Fact]
    public async Task A_polling_sweep_disposed_before_it_is_read_ends_cancelled_with_its_summary()
    {
        // Reading a sweep that was disposed first must end as a cancelled one does (the per-probe path's behaviour):
        // OperationCanceledException, then a Summary. The polling path used to throw ObjectDisposedException from
        // starting the poller on the closed sockets, before the enumeration's cleanup, so Summary was never set.
        var sweep = StartOrSkip(Options(PingEngine.RawSocket), "127.0.0.1-3");
        await sweep.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CollectAsync(sweep.ReadAllAsync()).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(sweep.Summary.Cancelled);
        Assert.Equal((0L, 0L), (sweep.Summary.Completed, sweep.Summary.ProbesSent));
    }

    [Fact]
    public async Task Raw_engine_sweeps_ipv6_loopback()
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Skip("IPv6 is not supported on this machine");
        }

        var sweep = StartOrSkip(Options(PingEngine.RawSocket), "::1, 127.0.0.1");
        await using (sweep)
        {
            var results = await CollectAsync(sweep.ReadAllAsync()).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, results.Count);
            Assert.All(results, r => Assert.Equal(PingStatus.Alive, r.Status));
            Assert.Null(Assert.Single(results, r => r.Address!.Equals(IPAddress.IPv6Loopback)).Ttl); // no hop limit from a raw ICMPv6 socket
        }
    }

    [Fact]
    public async Task Datagram_engine_sweeps_loopback_where_ping_group_range_allows_it()
    {
        var sweep = StartOrSkip(Options(PingEngine.DatagramSocket), "127.0.0.1-8");
        await using (sweep)
        {
            var results = await CollectAsync(sweep.ReadAllAsync()).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(8, results.Count);
            Assert.All(results, r =>
            {
                Assert.Equal(PingStatus.Alive, r.Status);
                if (NetPrimitives.Sockets.Linux.LinuxSocketApi.IsSupported)
                {
                    Assert.InRange(r.Ttl!.Value, 1, 255); // IP_TTL control message (net.ipv4.ip_default_ttl of this machine)
                }
            });
        }
    }

    [Fact]
    public async Task Ping_class_fallback_sweeps_loopback()
    {
        var sweep = StartOrSkip(Options(PingEngine.PingClass), "127.0.0.1-4");
        await using (sweep)
        {
            var results = await CollectAsync(sweep.ReadAllAsync()).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(4, results.Count);
            Assert.All(results, r => Assert.Equal(PingStatus.Alive, r.Status));
            Assert.Equal("asked for", sweep.EngineReason);
        }
    }

    [Fact]
    public async Task Tcp_probe_counts_a_listening_and_a_refusing_port_as_alive()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = ((IPEndPoint)listener.LocalEndpoint).Port;
        int closed;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closed = ((IPEndPoint)probe.LocalEndpoint).Port; // free again once stopped: connecting gets RST
        }

        foreach (var port in new[] { open, closed })
        {
            var options = new PingSweeperOptions { Engine = PingEngine.TcpConnect, TcpPorts = [port], Timeout = TimeSpan.FromSeconds(2), Retries = 0 };
            var result = Assert.Single(await CollectAsync(new PingSweeper(options).SweepAsync(PingTargets.Parse("127.0.0.1"))).WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(PingStatus.Alive, result.Status);
            Assert.NotNull(result.RoundTripTime);
            Assert.Equal(1, result.Attempts);
        }
    }

    [Fact]
    public async Task Auto_engine_reports_which_engine_and_why()
    {
        await using var sweep = new PingSweeper(Options(PingEngine.Auto)).Start(PingTargets.Parse("127.0.0.1"));
        Assert.False(string.IsNullOrWhiteSpace(sweep.EngineReason));
        var result = Assert.Single(await CollectAsync(sweep.ReadAllAsync()).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(PingStatus.Alive, result.Status);
        if (Environment.UserName == "root")
        {
            Assert.Equal(PingEngine.RawSocket, sweep.Engine);
        }
    }
}
