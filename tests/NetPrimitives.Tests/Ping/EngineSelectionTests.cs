using System.ComponentModel;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using NetPrimitives.Ping;
using NetPrimitives.Ping.Engines;
using NSubstitute;
using static NetPrimitives.Tests.Ping.SweepTestKit;

namespace NetPrimitives.Tests.Ping;

/// <summary>
/// Which engine Auto picks and why, and how an engine that cannot run is reported (issue 15), with the ICMP sockets
/// and the Ping class probe substituted: the real answers depend on the machine and the user (see UnprivilegedSweepTests).
/// </summary>
public sealed class EngineSelectionTests
{
    private const string NoRaw = "no raw ICMP socket: permission denied (needs root or CAP_NET_RAW)";
    private const string NoDatagram = "no ICMP datagram socket: the process's group is outside net.ipv4.ping_group_range";
    private const string NoPingUtility = "the Ping class cannot run: The system's ping utility could not be found.";

    private static readonly PingLog Log = new(NullLogger.Instance);

    private static IPinger NoIcmpSocket(bool raw) => throw new SocketException((int)SocketError.AccessDenied);

    private static (string Reason, Exception? Exception)? PingUtilityMissing(AddressFamily family) =>
        (NoPingUtility, new PlatformNotSupportedException("The system's ping utility could not be found."));

    private static IPinger Opened(PingEngine engine)
    {
        var pinger = Substitute.For<IPinger>();
        pinger.Engine.Returns(engine);
        return pinger;
    }

    [Fact]
    public void Auto_without_icmp_sockets_or_a_ping_class_that_runs_picks_tcp_connect_and_says_why()
    {
        var probed = new List<AddressFamily>();
        var (pinger, reason) = PingerSelector.Select(new PingSweeperOptions { TcpPorts = [7, 9] }, AddressFamily.InterNetwork, Log, NoIcmpSocket,
            family =>
            {
                probed.Add(family);
                return PingUtilityMissing(family);
            });

        Assert.Equal(PingEngine.TcpConnect, pinger.Engine);
        Assert.Equal($"no ICMP engine can run, TCP connect to ports 7, 9 instead; {NoRaw}; {NoDatagram}; {NoPingUtility}", reason);
        Assert.Equal([AddressFamily.InterNetwork], probed);
    }

    [Fact]
    public void Auto_without_icmp_sockets_picks_the_ping_class_where_its_probe_was_answered()
    {
        var probed = new List<AddressFamily>();
        var (pinger, reason) = PingerSelector.Select(new PingSweeperOptions(), AddressFamily.InterNetworkV6, Log, NoIcmpSocket,
            family =>
            {
                probed.Add(family);
                return null;
            });

        Assert.Equal(PingEngine.PingClass, pinger.Engine);
        Assert.Equal($"the Ping class can run (its probe of loopback was answered); {NoRaw}; {NoDatagram}", reason);
        Assert.Equal([AddressFamily.InterNetworkV6], probed);
    }

    [Fact]
    public void Auto_does_not_probe_the_ping_class_when_an_icmp_socket_opens()
    {
        var probes = 0;
        var (pinger, reason) = PingerSelector.Select(new PingSweeperOptions(), AddressFamily.InterNetwork, Log,
            raw => raw ? NoIcmpSocket(raw) : Opened(PingEngine.DatagramSocket),
            family =>
            {
                probes++;
                return PingUtilityMissing(family);
            });

        Assert.Equal(PingEngine.DatagramSocket, pinger.Engine);
        Assert.Equal($"ICMP datagram socket permitted by net.ipv4.ping_group_range; {NoRaw}", reason);
        Assert.Equal(0, probes);
    }

    [Fact]
    public void Ping_class_asked_for_that_cannot_run_fails_the_start_with_PingEngineUnavailableException()
    {
        var sweeper = new PingSweeper(new PingSweeperOptions { Engine = PingEngine.PingClass }, null,
            (options, family) => PingerSelector.Select(options, family, Log, NoIcmpSocket, PingUtilityMissing),
            Substitute.For<ITargetResolver>());

        var ex = Assert.Throws<PingEngineUnavailableException>(() => sweeper.Start(PingTargets.Parse("127.0.0.1")));

        Assert.Equal(PingEngine.PingClass, ex.Engine);
        Assert.Equal(NoPingUtility, ex.Reason);
        Assert.IsType<PlatformNotSupportedException>(ex.InnerException);
    }

    [Fact]
    public void Ping_class_asked_for_that_runs_is_used_as_asked_for()
    {
        var (pinger, reason) = PingerSelector.Select(new PingSweeperOptions { Engine = PingEngine.PingClass }, AddressFamily.InterNetwork, Log,
            NoIcmpSocket, _ => null);

        Assert.Equal(PingEngine.PingClass, pinger.Engine);
        Assert.Equal("asked for", reason);
    }

    [Theory]
    [InlineData("no ping utility")]
    [InlineData("ping utility not executable")]
    public async Task A_ping_class_that_stops_running_mid_sweep_ends_the_enumeration_with_PingEngineUnavailableException(string failure)
    {
        // Start found the Ping class working (for IPv4, say); a later probe is the first to find it cannot run
        // (no ping6 for an IPv6 target). That must not reach the reader as PlatformNotSupportedException.
        Exception error = failure == "no ping utility"
            ? new PlatformNotSupportedException("The system's ping utility could not be found.")
            : new PingException("An exception occurred during a Ping request.", new Win32Exception(13, "Permission denied"));
        var pinger = new PingClassPinger(4, 56, (_, _, _, _) => Task.FromException<PingReply>(error));
        await using var sweep = Sweeper(pinger, Fast()).Start(PingTargets.Parse("127.0.0.1-3"));

        var ex = await Assert.ThrowsAsync<PingEngineUnavailableException>(() => CollectAsync(sweep.ReadAllAsync()).WaitAsync(Deadline));

        Assert.Equal(PingEngine.PingClass, ex.Engine);
        Assert.Same(error, ex.InnerException);
        Assert.Equal(failure == "no ping utility" ? NoPingUtility : "the Ping class cannot run: Permission denied", ex.Reason);
        Assert.Equal(0, sweep.Summary.Completed);
    }

    [Fact]
    public async Task A_ping_exception_about_one_target_is_not_taken_for_an_engine_that_cannot_run()
    {
        // The Ping class over a raw socket wraps a send error (no route to that address) in a PingException around a
        // SocketException: the engine runs, so the error is not reported as PingEngineUnavailableException.
        var error = new PingException("An exception occurred during a Ping request.", new SocketException((int)SocketError.NetworkUnreachable));
        var pinger = new PingClassPinger(4, 56, (_, _, _, _) => Task.FromException<PingReply>(error));
        await using var sweep = Sweeper(pinger, Fast()).Start(PingTargets.Parse("127.0.0.1"));

        Assert.Same(error, await Assert.ThrowsAsync<PingException>(() => CollectAsync(sweep.ReadAllAsync()).WaitAsync(Deadline)));
    }
}
