using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using NetPrimitives.IntegrationTests.Samples;

namespace NetPrimitives.IntegrationTests.Ping;

/// <summary>
/// The PingSweep sample run as the unprivileged user nobody (uid and gid 65534, no groups, no capabilities) on
/// loopback, as in issue 15: whichever engine Auto picks must run, and an engine asked for that cannot run must end
/// with exit code 4 and its reason, never an unhandled exception. Where the machine is the issue's (no ping utility,
/// net.ipv4.ping_group_range closed to nobody), the engine and reason are checked exactly.
/// </summary>
public sealed class UnprivilegedSweepTests
{
    private const int NobodyGid = 65534;

    // The folders System.Net.NetworkInformation.Ping looks in for the ping utility on Linux.
    private static bool PingUtilityInstalled => new[] { "/bin/ping", "/sbin/ping", "/usr/bin/ping" }.Any(File.Exists);

    private static bool DatagramIcmpClosedToNobody
    {
        get
        {
            const string path = "/proc/sys/net/ipv4/ping_group_range";
            if (!File.Exists(path))
            {
                return true;
            }

            var range = File.ReadAllText(path).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
            return !(range[0] <= NobodyGid && NobodyGid <= range[1]);
        }
    }

    [Fact]
    public async Task Auto_engine_as_nobody_picks_an_engine_that_runs_and_says_why()
    {
        // TcpConnect (the last resort) then probes this port: it connects, so the target is alive whatever else listens.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var (exit, stdout, stderr) = await SampleRunner.RunAsNobodyAsync("PingSweep", "127.0.0.1", "--retries", "0", "--ports", port);

        AssertNoCrash(exit, stderr);
        Assert.True(exit == 0, $"exit code {exit}\nstdout: {stdout}\nstderr: {stderr}");
        Assert.StartsWith("127.0.0.1 is alive", stdout, StringComparison.Ordinal);
        var engine = Regex.Match(stderr, @"^engine (?<engine>\w+): (?<reason>.+)$", RegexOptions.Multiline);
        Assert.True(engine.Success, $"no engine line in stderr: {stderr}");
        Assert.NotEqual("RawSocket", engine.Groups["engine"].Value); // nobody has no CAP_NET_RAW
        if (DatagramIcmpClosedToNobody && !PingUtilityInstalled)
        {
            Assert.Equal("TcpConnect", engine.Groups["engine"].Value);
            Assert.Equal(
                $"no ICMP engine can run, TCP connect to ports {port} instead; "
                + "no raw ICMP socket: permission denied (needs root or CAP_NET_RAW); "
                + "no ICMP datagram socket: the process's group is outside net.ipv4.ping_group_range; "
                + "the Ping class cannot run: The system's ping utility could not be found.",
                engine.Groups["reason"].Value.TrimEnd('\r'));
        }
    }

    [Fact]
    public async Task Ping_class_asked_for_as_nobody_runs_or_ends_with_exit_code_4_and_the_reason()
    {
        var (exit, stdout, stderr) = await SampleRunner.RunAsNobodyAsync("PingSweep", "127.0.0.1", "--retries", "0", "--engine", "ping");

        AssertNoCrash(exit, stderr);
        if (PingUtilityInstalled)
        {
            Assert.True(exit is 0 or 4, $"exit code {exit}\nstdout: {stdout}\nstderr: {stderr}"); // 4 where ping may not send
        }
        else
        {
            Assert.True(exit == 4, $"exit code {exit}\nstdout: {stdout}\nstderr: {stderr}");
            Assert.Contains("PingSweep: The PingClass ping engine is unavailable: the Ping class cannot run: The system's ping utility could not be found.",
                stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_docs_example_sweeps_loopback_as_nobody()
    {
        // docs/PingSweeper.md's example is the Tour's PingSweeper section (Auto engine, 127.0.0.0/29, six answers expected).
        var (_, stdout, stderr) = await SampleRunner.RunAsNobodyAsync("Tour");

        var section = Regex.Match(stdout, @"^== PingSweeper.*?(?=^== |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(section.Success, $"no PingSweeper section in the Tour's output:\n{stdout}\n{stderr}");
        Assert.DoesNotContain("FAILED", section.Value, StringComparison.Ordinal);
        Assert.Matches(@"engine \w+: .+", section.Value);
        Assert.Contains("6 targets, 6 alive", section.Value, StringComparison.Ordinal);
    }

    private static void AssertNoCrash(int exit, string stderr)
    {
        Assert.False(exit == 134 || stderr.Contains("Unhandled exception", StringComparison.Ordinal) || Regex.IsMatch(stderr, @"^\s+at ", RegexOptions.Multiline),
            $"the sample crashed (exit code {exit}):\n{stderr}");
    }
}
