using System.Net.Sockets;
using NetPrimitives.Ping;
using NetPrimitives.Ping.Engines;
using static NetPrimitives.Tests.Ping.SweepTestKit;

namespace NetPrimitives.Tests.Ping;

/// <summary>
/// Dead and unreachable hosts for real, in two network namespaces the test creates (see <see cref="NetNamespaceLab"/>).
/// The sweeping socket lives in the lab, so its packets can only reach the lab.
/// </summary>
public sealed class NamespaceSweepTests
{
    private static NetNamespaceLab CreateLabOrSkip()
    {
        var lab = NetNamespaceLab.TryCreate(out var reason);
        if (lab is null)
        {
            Assert.Skip(reason);
        }

        return lab;
    }

    private static PingSweeper SweeperInLab(NetNamespaceLab lab, bool raw, PingSweeperOptions options)
    {
        var log = new PingLog(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var pinger = lab.InSweeper(() => IcmpSocketPinger.Open(raw, AddressFamily.InterNetwork, options.PayloadSize, TimeProvider.System, log));
        return new PingSweeper(options, null, (_, _) => (pinger, "opened inside the test namespace"), new HostResolverTargetResolver(NSubstitute.Substitute.For<NetPrimitives.Names.IHostResolver>()), TimeProvider.System);
    }

    [Fact]
    public async Task Dead_hosts_time_out_after_every_retry()
    {
        using var lab = CreateLabOrSkip();
        var options = new PingSweeperOptions { Timeout = TimeSpan.FromMilliseconds(200), Retries = 1, BackoffFactor = 1.0, RatePerSecond = 0 };
        var sweep = SweeperInLab(lab, raw: true, options).Start(PingTargets.Parse(lab.DeadSubnet));
        await using (sweep)
        {
            var results = await CollectAsync(sweep.ReadAllAsync()).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(254, results.Count);
            Assert.All(results, r =>
            {
                Assert.Equal(PingStatus.TimedOut, r.Status);
                Assert.Equal(2, r.Attempts);
                Assert.Null(r.RoundTripTime);
            });
            Assert.Equal((0L, 254L, 508L), (sweep.Summary.Alive, sweep.Summary.TimedOut, sweep.Summary.ProbesSent));
        }
    }

    [Fact]
    public async Task Icmp_host_unreachable_is_reported_with_type_code_and_router()
    {
        using var lab = CreateLabOrSkip();
        var options = new PingSweeperOptions { Timeout = TimeSpan.FromSeconds(2), Retries = 2, RatePerSecond = 0 };
        var targets = PingTargets.Parse($"10.213.{lab.Link + 2}.1-4");
        var sweep = SweeperInLab(lab, raw: true, options).Start(targets);
        await using (sweep)
        {
            var results = await CollectAsync(sweep.ReadAllAsync()).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(4, results.Count);
            Assert.All(results, r =>
            {
                Assert.Equal(PingStatus.Unreachable, r.Status);
                Assert.Equal((3, 1, 1), (r.IcmpType, r.IcmpCode, r.Attempts)); // RFC 792: destination unreachable, host unreachable
                Assert.Equal($"10.213.{lab.Link}.2", r.ReportedBy!.ToString());
            });
        }
    }

    [Fact]
    public async Task Datagram_socket_engine_works_where_ping_group_range_allows_it()
    {
        using var lab = CreateLabOrSkip();
        var options = new PingSweeperOptions { Timeout = TimeSpan.FromMilliseconds(300), Retries = 1, BackoffFactor = 1.0, RatePerSecond = 0 };
        var targets = PingTargets.Parse($"127.0.0.1-4, 10.213.{lab.Link + 1}.1-4");
        var sweep = SweeperInLab(lab, raw: false, options).Start(targets);
        await using (sweep)
        {
            Assert.Equal(PingEngine.DatagramSocket, sweep.Engine);
            var results = await CollectAsync(sweep.ReadAllAsync()).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(8, results.Count);
            Assert.All(results.Where(r => r.Target.StartsWith("127.", StringComparison.Ordinal)), r =>
            {
                Assert.Equal(PingStatus.Alive, r.Status);
                Assert.Null(r.Ttl); // a datagram socket gives no IP header
            });
            Assert.All(results.Where(r => r.Target.StartsWith("10.", StringComparison.Ordinal)), r => Assert.Equal(PingStatus.TimedOut, r.Status));
        }
    }
}
