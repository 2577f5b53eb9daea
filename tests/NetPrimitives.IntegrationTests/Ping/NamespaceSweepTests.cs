using System.Net.Sockets;
using NetPrimitives.Ping;
using NetPrimitives.Ping.Engines;
using NetPrimitives.Sockets.Linux;

namespace NetPrimitives.IntegrationTests.Ping;

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

    private static PingSweeper SweeperInLab(NetNamespaceLab lab, bool raw, PingSweeperOptions options, AddressFamily family = AddressFamily.InterNetwork)
    {
        var log = new PingLog(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var pinger = lab.InSweeper(() => IcmpSocketPinger.Open(raw, family, options.PayloadSize, TimeProvider.System, log));
        return new PingSweeper(options, null, (_, _) => (pinger, "opened inside the test namespace"), new HostResolverTargetResolver(NSubstitute.Substitute.For<NetPrimitives.Names.IHostResolver>()));
    }

    [Fact]
    public async Task Dead_hosts_time_out_after_every_retry()
    {
        using var lab = CreateLabOrSkip();
        var options = new PingSweeperOptions { Timeout = TimeSpan.FromMilliseconds(200), Retries = 1, BackoffFactor = 1.0, RatePerSecond = 0 };
        var sweep = SweeperInLab(lab, raw: true, options).Start(PingTargets.Parse(lab.DeadSubnet));
        await using (sweep)
        {
            var results = await sweep.ReadAllAsync().ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // the datagram socket reads the error from its error queue (IP_RECVERR)
    public async Task Icmp_host_unreachable_is_reported_with_type_code_and_router(bool raw)
    {
        if (!raw)
        {
            RequireLinuxErrorQueue();
        }

        using var lab = CreateLabOrSkip();
        var options = new PingSweeperOptions { Timeout = TimeSpan.FromSeconds(2), Retries = 2, RatePerSecond = 0 };
        var targets = PingTargets.Parse($"10.213.{lab.Link + 2}.1-4");
        var sweep = SweeperInLab(lab, raw, options).Start(targets);
        await using (sweep)
        {
            var results = await sweep.ReadAllAsync().ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(4, results.Count);
            Assert.All(results, r =>
            {
                Assert.Equal(PingStatus.Unreachable, r.Status);
                Assert.Equal((3, 1, 1), (r.IcmpType, r.IcmpCode, r.Attempts)); // RFC 792: destination unreachable, host unreachable
                Assert.Equal($"10.213.{lab.Link}.2", r.ReportedBy!.ToString());
            });
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Icmpv6_destination_unreachable_is_reported_with_type_code_and_router(bool raw)
    {
        if (!raw)
        {
            RequireLinuxErrorQueue();
        }

        using var lab = CreateLabOrSkip();
        if (lab.Ipv6Unavailable is { } why)
        {
            Assert.Skip(why);
        }

        var options = new PingSweeperOptions { Timeout = TimeSpan.FromSeconds(2), Retries = 2, RatePerSecond = 0 };
        var targets = PingTargets.Parse($"{lab.UnreachablePrefix6}1-{lab.UnreachablePrefix6}4");
        var sweep = SweeperInLab(lab, raw, options, AddressFamily.InterNetworkV6).Start(targets);
        await using (sweep)
        {
            var results = await sweep.ReadAllAsync().ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(4, results.Count);
            Assert.All(results, r =>
            {
                Assert.Equal(PingStatus.Unreachable, r.Status);
                Assert.Equal((1, 0, 1), (r.IcmpType, r.IcmpCode, r.Attempts)); // RFC 4443 §3.1: destination unreachable, no route to destination
                Assert.Equal(System.Net.IPAddress.Parse(lab.Router6), r.ReportedBy);
            });
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_probe_with_no_route_is_unreachable_at_once_and_the_rest_of_its_batch_still_goes(bool raw)
    {
        using var lab = CreateLabOrSkip();

        // The sweeper namespace has no default route: 10.214.x.x cannot be sent at all (ENETUNREACH). Placed inside a
        // batch of sends, it stops that sendmmsg; the probes after it must still go.
        var options = new PingSweeperOptions { Timeout = TimeSpan.FromSeconds(2), Retries = 2, RatePerSecond = 0 };
        var targets = PingTargets.Parse($"127.0.0.1-3, 10.214.{lab.Link}.1, 127.0.0.4-6, 10.214.{lab.Link}.2, 127.0.0.7-20");
        var sweep = SweeperInLab(lab, raw, options).Start(targets);
        await using (sweep)
        {
            var results = await sweep.ReadAllAsync().ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(22, results.Count);
            Assert.All(results.Where(r => r.Target.StartsWith("127.", StringComparison.Ordinal)), r => Assert.Equal((PingStatus.Alive, 1), (r.Status, r.Attempts)));
            var unroutable = results.Where(r => r.Target.StartsWith("10.214.", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, unroutable.Count);
            Assert.All(unroutable, r =>
            {
                Assert.Equal((PingStatus.Unreachable, 1), (r.Status, r.Attempts)); // decided by the send: no retry, no timeout
                Assert.Null(r.IcmpType); // the kernel said so, not an ICMP message
            });
            Assert.Equal((20L, 2L, 22L), (sweep.Summary.Alive, sweep.Summary.Unreachable, sweep.Summary.ProbesSent));
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
            var results = await sweep.ReadAllAsync().ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(8, results.Count);
            Assert.All(results.Where(r => r.Target.StartsWith("127.", StringComparison.Ordinal)), r =>
            {
                Assert.Equal(PingStatus.Alive, r.Status);

                // No IP header on a datagram socket: the TTL comes from the IP_TTL control message. Loopback replies
                // leave with the namespace's net.ipv4.ip_default_ttl, 64 in a new namespace.
                Assert.Equal(LinuxSocketApi.IsSupported ? 64 : (int?)null, r.Ttl);
            });
            Assert.All(results.Where(r => r.Target.StartsWith("10.", StringComparison.Ordinal)), r => Assert.Equal(PingStatus.TimedOut, r.Status));
        }
    }

    [Fact]
    public async Task Datagram_socket_engine_reports_the_hop_limit_of_icmpv6_replies()
    {
        RequireLinuxErrorQueue();
        using var lab = CreateLabOrSkip();
        if (!lab.HasIpv6Loopback)
        {
            Assert.Skip(lab.Ipv6Unavailable!);
        }

        var options = new PingSweeperOptions { Timeout = TimeSpan.FromMilliseconds(500), Retries = 1, RatePerSecond = 0 };
        var sweep = SweeperInLab(lab, raw: false, options, AddressFamily.InterNetworkV6).Start(PingTargets.Parse("::1"));
        await using (sweep)
        {
            var result = Assert.Single(await sweep.ReadAllAsync().ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(PingStatus.Alive, result.Status);
            Assert.Equal(64, result.Ttl); // IPV6_HOPLIMIT: net.ipv6.conf.lo.hop_limit, 64 in a new namespace
        }
    }

    private static void RequireLinuxErrorQueue()
    {
        if (!LinuxSocketApi.IsSupported)
        {
            Assert.Skip("the datagram engine reads TTLs and ICMP errors through recvmsg on 64-bit Linux only");
        }
    }
}
