using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.IntegrationTests.Samples;

/// <summary>
/// Issue 15: every sample, tried as a new user would (bad arguments, a port already taken, a host that does
/// not resolve), ends with a one-line message and its documented exit code, never an unhandled exception.
/// </summary>
public sealed class SampleFailureTests : IDisposable
{
    // RFC 6761 §6.4: .invalid never resolves, offline or not.
    private const string NoSuchHost = "nosuch.invalid";

    // Taken ports: held by the test for its duration, on loopback (where the servers listen by default).
    private readonly TcpListener _tcp = new(IPAddress.Loopback, 0);
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly string _directory = Directory.CreateTempSubdirectory("sample-failure-").FullName;

    public SampleFailureTests() => _tcp.Start();

    public void Dispose()
    {
        _tcp.Stop();
        _udp.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string TcpPort => ((IPEndPoint)_tcp.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

    private string UdpPort => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);

    // {tcp} and {udp} are the ports the test holds, {long} a 300-character host name; a mail file, when given,
    // is written as mail.txt. Exit codes as documented in docs/samples.md: 1 runtime or network failure, 2 usage
    // (PingSweep: fping's 3; Resolve: 2 for a name that does not exist, as getent).
    [Theory]
    [InlineData("Blocks", Scenario.Usage, 2, null, "-p", "70000")]
    [InlineData("Blocks", Scenario.TakenPort, 1, null, "-p", "{tcp}")]
    [InlineData("Blocks", Scenario.NoSuchHost, 1, null, "-c", NoSuchHost)]
    [InlineData("Blocks", Scenario.NoSuchHost, 1, null, NoSuchHost)] // the server's address
    [InlineData("Blocks", Scenario.Usage, 2, null, "-c", "{long}")] // HOST: 300 characters
    [InlineData("Streamer", Scenario.Usage, 2, null, "-p", "x")]
    [InlineData("Streamer", Scenario.TakenPort, 1, null, "-p", "{tcp}")]
    [InlineData("Streamer", Scenario.NoSuchHost, 1, null, "-c", NoSuchHost)]
    [InlineData("Streamer", Scenario.Usage, 2, null, "-c", "{long}")]
    [InlineData("Echo", Scenario.Usage, 2, null, "server", "--port", "x")]
    [InlineData("Echo", Scenario.TakenPort, 1, null, "server", "--port", "{tcp}")]
    [InlineData("Echo", Scenario.NoSuchHost, 1, null, "server", "--bind", NoSuchHost)]
    [InlineData("Echo", Scenario.NoSuchHost, 1, null, "client", "--host", NoSuchHost, "hello")]
    [InlineData("Echo", Scenario.Usage, 2, null, "server", "--bind", "{long}")]
    [InlineData("Echo", Scenario.Usage, 2, null, "client", "--host", "", "hello")]
    [InlineData("TcpUpperCase", Scenario.Usage, 2, null, "client", "--port", "70000")]
    [InlineData("TcpUpperCase", Scenario.TakenPort, 1, null, "server", "--port", "{tcp}")]
    [InlineData("TcpUpperCase", Scenario.NoSuchHost, 1, null, "server", "--bind", NoSuchHost)]
    [InlineData("TcpUpperCase", Scenario.NoSuchHost, 1, null, "client", "--host", NoSuchHost)]
    [InlineData("TcpUpperCase", Scenario.Usage, 2, null, "server", "--bind", "{long}")]
    [InlineData("TcpUpperCase", Scenario.Usage, 2, null, "client", "--host", "{long}")]
    [InlineData("OkServer", Scenario.Usage, 2, null, "--port", "-1")]
    [InlineData("OkServer", Scenario.TakenPort, 1, null, "--port", "{tcp}")]
    [InlineData("OkServer", Scenario.NoSuchHost, 1, null, "--bind", NoSuchHost)]
    [InlineData("OkServer", Scenario.Usage, 2, null, "--bind", "{long}")]
    [InlineData("UdpUpperCase", Scenario.Usage, 2, null, "server", "--port", "70000")]
    [InlineData("UdpUpperCase", Scenario.TakenPort, 1, null, "server", "--port", "{udp}")]
    [InlineData("UdpUpperCase", Scenario.NoSuchHost, 1, null, "client", "--host", NoSuchHost)]
    [InlineData("UdpUpperCase", Scenario.Usage, 2, null, "client", "--host", "")]
    [InlineData("UdpUpperCase", Scenario.Usage, 2, null, "client", "--host", "{long}")]
    [InlineData("MiniHttp", Scenario.Usage, 2, null, "--port", "x")]
    [InlineData("MiniHttp", Scenario.TakenPort, 1, null, "--port", "{tcp}")]
    [InlineData("WebClient", Scenario.Usage, 2, null, "127.0.0.1", "0")]
    [InlineData("WebClient", Scenario.NoSuchHost, 1, null, NoSuchHost)]
    [InlineData("WebClient", Scenario.Usage, 2, null, "")]
    [InlineData("WebClient", Scenario.Usage, 2, null, "{long}")]
    [InlineData("SmtpSend", Scenario.Usage, 2, null, "mail.txt", "--port", "0")]
    [InlineData("SmtpSend", Scenario.NoSuchHost, 1, NoSuchHost + ", me@example.org, you@example.org", "mail.txt")]
    [InlineData("SmtpSend", Scenario.BadValue, 2, "127.0.0.1, <me@example.org>, you@example.org", "mail.txt", "--port", "{tcp}")] // more in SmtpSendMailFileTests
    [InlineData("Resolve", Scenario.Usage, 2, null, "--server", "x")]
    [InlineData("Resolve", Scenario.NoSuchHost, 2, null, NoSuchHost)] // printed with its error; exit 2, as getent
    [InlineData("PingSweep", Scenario.Usage, 3, null, "--timeout", "x")]
    [InlineData("PingSweep", Scenario.NoSuchHost, 2, null, NoSuchHost, "--timeout", "100", "--retries", "0")]
    [InlineData("Telnet", Scenario.Usage, 2, null, "127.0.0.1")]
    [InlineData("Telnet", Scenario.NoSuchHost, 1, null, NoSuchHost, "23")]
    [InlineData("Telnet", Scenario.Usage, 2, null, "", "23")]
    [InlineData("Telnet", Scenario.Usage, 2, null, "{long}", "23")]
    [InlineData("GenericTcpServer", Scenario.Usage, 2, null, "--bind", "xx..bogus")]
    [InlineData("GenericTcpServer", Scenario.NoSuchHost, 1, null, "--bind", NoSuchHost)]
    [InlineData("GenericTcpServer", Scenario.TakenPort, 1, null, "--port", "{tcp}")]
    [InlineData("Chat", Scenario.Usage, 2, null, "listen")]
    [InlineData("Chat", Scenario.TakenPort, 1, null, "listen", "--port", "{tcp}", "--nick", "alice")]
    [InlineData("Chat", Scenario.NoSuchHost, 1, null, "connect", NoSuchHost, "6190", "--nick", "bob")]
    [InlineData("Chat", Scenario.Usage, 2, null, "connect", "", "6190", "--nick", "bob")]
    public async Task Fails_with_a_one_line_message_and_its_exit_code(string sample, Scenario scenario, int exitCode, string? mailLine1, params string[] arguments)
    {
        if (scenario == Scenario.NoSuchHost)
        {
            await RequireThatTheInvalidTldDoesNotResolveAsync();
        }

        if (mailLine1 is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(_directory, "mail.txt"), $"{mailLine1}\nSubject: test\n\nHello.\n");
        }

        var expanded = arguments.Select(a => a
            .Replace("{tcp}", TcpPort, StringComparison.Ordinal)
            .Replace("{udp}", UdpPort, StringComparison.Ordinal)
            .Replace("{long}", new string('a', 300), StringComparison.Ordinal)).ToArray();
        var (exit, stdout, stderr) = await SampleRunner.RunAsync(sample, _directory, expanded);
        var what = $"{sample} {string.Join(' ', expanded)} exited {exit}.\nstdout: {stdout}\nstderr: {stderr}";

        Assert.False(SampleRunner.HasStackTrace(stdout) || SampleRunner.HasStackTrace(stderr), what);
        Assert.True(exit == exitCode, what);
        switch (scenario)
        {
            case Scenario.Usage:
                // What was wrong first, with the program's name, then the usage line.
                Assert.True(stderr.StartsWith(sample + ": ", StringComparison.Ordinal) && stderr.Contains("\nusage: " + sample, StringComparison.Ordinal), what);
                break;
            case Scenario.TakenPort:
                AssertOneLine(stderr, what);
                Assert.True(stderr.Contains(expanded.Contains(UdpPort) ? UdpPort : TcpPort, StringComparison.Ordinal), what + "\n(the message names the port)");
                break;
            case Scenario.NoSuchHost when sample is "Resolve" or "PingSweep":
                // A name that does not resolve is one of their results, listed on stdout. PingSweep's stderr holds
                // the engine it chose and why (when output is redirected), then its one-line summary, like fping -s.
                Assert.True(stdout.Contains(NoSuchHost, StringComparison.Ordinal), what);
                if (sample == "PingSweep")
                {
                    var lines = stderr.TrimEnd().Split('\n');
                    Assert.True(lines.Length <= 2 && lines[^1].Contains("1 not resolved", StringComparison.Ordinal), what);
                }
                else
                {
                    Assert.True(stderr.Length == 0, what);
                }
                break;
            case Scenario.NoSuchHost:
                AssertOneLine(stderr, what);
                Assert.True(stderr.Contains(NoSuchHost, StringComparison.Ordinal), what + "\n(the message names the host)");
                break;
            case Scenario.BadValue:
                AssertOneLine(stderr, what);
                break;
        }
    }

    [Fact]
    public void Every_sample_but_the_Tour_is_tried_with_bad_arguments_and_a_taken_port_or_an_unresolvable_host()
    {
        // Hosted follows the Generic Host's conventions instead of samples/Shared's command line: its settings come from
        // configuration and a failure to start is the host's exception (HostedSampleTests, docs/hosting.md).
        var samples = Directory.GetDirectories(Path.Combine(Repository.Root(), "samples")).Select(Path.GetFileName).Where(s => s is not "Tour" and not "Shared" and not "Hosted").ToHashSet();
        var cases = typeof(SampleFailureTests).GetMethod(nameof(Fails_with_a_one_line_message_and_its_exit_code))!
            .GetCustomAttributes<InlineDataAttribute>()
            .Select(a => ((string)a.Data[0]!, (Scenario)a.Data[1]!))
            .ToList();

        Assert.Equal(samples.Order(StringComparer.Ordinal), cases.Select(c => c.Item1).Distinct().Order(StringComparer.Ordinal));
        foreach (var sample in samples)
        {
            Assert.Contains((sample!, Scenario.Usage), cases);
            Assert.True(cases.Contains((sample!, Scenario.TakenPort)) || cases.Contains((sample!, Scenario.NoSuchHost)), $"{sample}: no network failure tried");
        }
    }

    public enum Scenario
    {
        /// <summary>A bad value (a port out of range, an empty or over-long host name): the reason and the usage on stderr.</summary>
        Usage,

        /// <summary>A server on a port the test holds.</summary>
        TakenPort,

        /// <summary>A client (or a server's --bind) given a .invalid name.</summary>
        NoSuchHost,

        /// <summary>A value the command line takes but the sample refuses before connecting (a bad address in a mail file): one line, exit 2.</summary>
        BadValue,
    }

    private static void AssertOneLine(string stderr, string what)
    {
        var text = stderr.TrimEnd();
        Assert.True(text.Length > 0 && !text.Contains('\n', StringComparison.Ordinal), what + "\n(expected one line on stderr)");
    }

    // The cases rely on resolution failing, and failing fast; a resolver that answers for .invalid breaks RFC 6761.
    private static async Task RequireThatTheInvalidTldDoesNotResolveAsync()
    {
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(NoSuchHost).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Skip($"{NoSuchHost} resolved to {string.Join<IPAddress>(", ", addresses)} here (a resolver that answers for every name)");
        }
        catch (SocketException)
        {
        }
        catch (TimeoutException)
        {
            Assert.Skip($"resolving {NoSuchHost} did not fail within 10 s here");
        }
    }
}
