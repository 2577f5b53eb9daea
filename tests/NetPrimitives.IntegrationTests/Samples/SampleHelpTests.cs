namespace NetPrimitives.IntegrationTests.Samples;

/// <summary>
/// Every sample follows one command-line convention (samples/Shared): <c>--help</c>/<c>-h</c> prints the usage and the
/// exit codes and exits 0, <c>--version</c> prints the version and exits 0, a bad value or an unknown option prints
/// which option, which value and why, then the usage line, and exits 2 (PingSweep: 3, fping's).
/// </summary>
public sealed class SampleHelpTests
{
    public static TheoryData<string> AllSamples() =>
    [
        "Blocks", "Streamer", "Echo", "TcpUpperCase", "OkServer", "UdpUpperCase", "MiniHttp", "WebClient", "SmtpSend", "Resolve", "PingSweep", "Tour",
        "Telnet", "GenericTcpServer", "Chat",
    ];

    [Theory]
    [MemberData(nameof(AllSamples))]
    public async Task Help_prints_usage_and_the_exit_codes_and_exits_0(string sample)
    {
        foreach (var flag in new[] { "--help", "-h" })
        {
            var (exit, stdout, stderr) = await SampleRunner.RunAsync(sample, null, flag);
            Assert.True(exit == 0, $"{sample} {flag} exited {exit}. stdout: {stdout} stderr: {stderr}");
            Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
            Assert.Contains("--version", stdout, StringComparison.Ordinal);
            Assert.Contains(sample == "PingSweep" ? "3 bad arguments" : "2 usage error", stdout, StringComparison.Ordinal);
            Assert.Contains("143 stopped with SIGTERM", stdout.ReplaceLineEndings(" "), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public async Task Version_prints_the_version_and_exits_0(string sample)
    {
        var (exit, stdout, stderr) = await SampleRunner.RunAsync(sample, null, "--version");
        Assert.True(exit == 0, $"{sample} --version exited {exit}. stdout: {stdout} stderr: {stderr}");
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout);
        Assert.Empty(stderr);
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public async Task An_unknown_option_is_named_with_the_usage_on_stderr_and_exits_2(string sample)
    {
        var (exit, stdout, stderr) = await SampleRunner.RunAsync(sample, null, "--no-such-option");
        Assert.True(exit == (sample == "PingSweep" ? 3 : 2), $"{sample} --no-such-option exited {exit}. stdout: {stdout} stderr: {stderr}");
        Assert.StartsWith(sample + ": ", stderr, StringComparison.Ordinal);
        Assert.Contains("--no-such-option", stderr, StringComparison.Ordinal);
        Assert.Contains("usage: " + sample, stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    // stderr says which option (or argument), which value and why.
    [Theory]
    [InlineData("MiniHttp", "--port: 70000 is not a port (1-65535 or 0)", "--port", "70000")]
    [InlineData("MiniHttp", "--port: abc is not a port (1-65535 or 0)", "--port", "abc")]
    [InlineData("MiniHttp", "--port: -1 is not a port (1-65535 or 0)", "--port", "-1")]
    [InlineData("MiniHttp", "'--port'", "--port")] // a lone option used to be skipped and the server started on 8080
    [InlineData("MiniHttp", "extra", "--port", "0", "extra")]
    [InlineData("MiniHttp", "--root: folder not found (/nonexistent-netprimitives)", "--root", "/nonexistent-netprimitives")]
    [InlineData("Echo", "--port: 0 is not a port (1-65535)", "client", "--port", "0", "hi")] // 0 is for servers only
    [InlineData("Echo", "--bind: xx..bogus is not an address or a host name", "server", "--bind", "xx..bogus")]
    [InlineData("Echo", "--host: empty; give an address or a host name", "client", "--host", "", "hi")]
    [InlineData("Echo", "WORDS", "client")]
    [InlineData("OkServer", "--bind: 300 characters; a host name has at most 253", "--bind", "{long}")]
    [InlineData("UdpUpperCase", "--port: 65536 is not a port (1-65535 or 0)", "server", "--port", "65536")]
    [InlineData("Blocks", "--port: 0 is a port only for the server", "-c", "-p", "0")]
    [InlineData("WebClient", "PORT: not-a-port is not a port (1-65535)", "127.0.0.1", "not-a-port")]
    [InlineData("WebClient", "extra", "127.0.0.1", "80", "extra")]
    [InlineData("WebClient", "URL: https:// is not supported", "https://127.0.0.1/")]
    [InlineData("WebClient", "PORT: give the port in the URL", "http://127.0.0.1/", "8080")]
    [InlineData("Resolve", "--server: not-an-endpoint is not an address", "--server", "not-an-endpoint")]
    [InlineData("Resolve", "--type: NS is not one of A, AAAA, MX, SRV, TXT, PTR, CNAME", "-t", "NS", "example.org")]
    [InlineData("SmtpSend", "--port: 70000 is not a port (1-65535)", "mail.txt", "--port", "70000")]
    [InlineData("SmtpSend", "--to: give at least one recipient (or a MAILFILE)", "--from", "me@example.org")]
    [InlineData("SmtpSend", "--to: the recipient \"<you@example.org>\" has angle brackets", "--from", "me@example.org", "--to", "<you@example.org>")]
    [InlineData("SmtpSend", "--subject: no line breaks", "--from", "me@example.org", "--to", "you@example.org", "--subject", "a\nBcc: x@example.org")]
    [InlineData("Telnet", "PORT", "127.0.0.1")]
    [InlineData("Telnet", "PORT: 0 is not a port (1-65535)", "127.0.0.1", "0")]
    [InlineData("Telnet", "PORT: not-a-port is not a port (1-65535)", "127.0.0.1", "not-a-port")]
    [InlineData("Telnet", "extra", "127.0.0.1", "80", "extra")]
    [InlineData("GenericTcpServer", "'--port'", "--port")]
    [InlineData("GenericTcpServer", "--port: 70000 is not a port (1-65535 or 0)", "--port", "70000")]
    [InlineData("Chat", "'--nick' is required", "listen", "--port", "0")]
    [InlineData("Chat", "--nick: give a name of 1 to 32 characters", "listen", "--nick", " ")]
    [InlineData("Chat", "PORT", "connect", "127.0.0.1", "--nick", "bob")]
    [InlineData("Chat", "PORT: 70000 is not a port (1-65535)", "connect", "127.0.0.1", "70000", "--nick", "bob")]
    [InlineData("Chat", "Unrecognized command or argument 'talk'", "talk", "--nick", "bob")]
    [InlineData("PingSweep", "--timeout: x is not a whole number from 1 to 60000", "127.0.0.1", "--timeout", "x")]
    [InlineData("PingSweep", "--retries: 21 is not a whole number from 0 to 20", "127.0.0.1", "--retries", "21")]
    [InlineData("PingSweep", "--engine: icmp is not an engine", "127.0.0.1", "--engine", "icmp")]
    [InlineData("PingSweep", "--max-targets: the targets describe 254 addresses, more than 10; raise --max-targets", "127.0.0.0/24", "--max-targets", "10")]
    public async Task A_bad_value_is_named_with_the_reason_and_exits_2(string sample, string message, params string[] arguments)
    {
        arguments = [.. arguments.Select(a => a.Replace("{long}", new string('a', 300), StringComparison.Ordinal))];
        var (exit, stdout, stderr) = await SampleRunner.RunAsync(sample, null, arguments);
        var what = $"{sample} {string.Join(' ', arguments)} exited {exit}. stdout: {stdout} stderr: {stderr}";
        Assert.True(exit == (sample == "PingSweep" ? 3 : 2), what);
        Assert.True(stderr.StartsWith(sample + ": ", StringComparison.Ordinal), what);
        Assert.True(stderr.Contains(message, StringComparison.Ordinal), what);
        Assert.False(SampleRunner.HasStackTrace(stderr), what);
    }

    [Theory]
    [InlineData("Telnet")]
    [InlineData("Chat")]
    [InlineData("Echo")]
    [InlineData("TcpUpperCase")]
    [InlineData("UdpUpperCase")]
    [InlineData("WebClient")]
    public async Task No_arguments_prints_usage_to_stderr_and_exits_2(string sample)
    {
        var (exit, stdout, stderr) = await SampleRunner.RunAsync(sample, null);
        Assert.True(exit == 2, $"{sample} exited {exit}. stdout: {stdout} stderr: {stderr}");
        Assert.Contains("usage: " + sample, stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }
}
