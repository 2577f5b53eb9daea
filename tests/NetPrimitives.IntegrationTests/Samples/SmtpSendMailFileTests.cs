using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NetPrimitives.IntegrationTests.Samples;

/// <summary>
/// samples/SmtpSend checks line 1 of the mail file before connecting (issue 15): a bad address exits 2 with the
/// line and the reason, and no connection is made. The "server" is a listener in the test that never accepts.
/// </summary>
public sealed class SmtpSendMailFileTests : IDisposable
{
    private readonly TcpListener _server = new(IPAddress.Loopback, 0);
    private readonly string _directory = Directory.CreateTempSubdirectory("smtpsend-").FullName;

    public SmtpSendMailFileTests() => _server.Start();

    public void Dispose()
    {
        _server.Stop();
        Directory.Delete(_directory, recursive: true);
    }

    private string Port => ((IPEndPoint)_server.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("<me@example.org>", "you@example.org", "the sender \"<me@example.org>\" has angle brackets; write the bare address: me@example.org")]
    [InlineData("me@example.org", "<you@example.org>", "the recipient \"<you@example.org>\" has angle brackets")]
    [InlineData("me @example.org", "you@example.org", "the sender \"me @example.org\" contains a space at position 3")]
    [InlineData("me\0@example.org", "you@example.org", "the sender contains the control character U+0000 at position 3")]
    [InlineData("me\u001b[31m@example.org", "you@example.org", "the sender contains the control character U+001B at position 3")]
    [InlineData("me\u007f@example.org", "you@example.org", "U+007F")]
    [InlineData("me\u009b@example.org", "you@example.org", "U+009B")]
    [InlineData("", "you@example.org", "the sender is empty")]
    [InlineData("me", "you@example.org", "the sender \"me\" is not of the form local@domain")]
    [InlineData("me@example.org", "you@", "the recipient \"you@\" is not of the form local@domain")]
    [InlineData("{65}@example.org", "you@example.org", "the local part of the sender is 65 bytes long; at most 64")]
    [InlineData("me@{300}", "you@example.org", "the domain of the sender is 300 bytes long; at most 255")]
    [InlineData("me@example.org", "{60}@{200}", "is 263 bytes long with its angle brackets; at most 256")]
    public async Task A_bad_address_on_line_1_exits_2_with_the_reason_before_connecting(string sender, string recipient, string reason)
    {
        var (exit, stdout, stderr) = await RunAsync($"127.0.0.1, {Expand(sender)}, {Expand(recipient)}");
        var what = $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}";

        Assert.True(exit == 2, what);
        Assert.StartsWith("SmtpSend: Line 1 of mail.txt: ", stderr, StringComparison.Ordinal);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
        Assert.False(stderr.TrimEnd().Contains('\n', StringComparison.Ordinal), what);
        Assert.False(SampleRunner.HasStackTrace(stderr), what);
        Assert.DoesNotContain(stderr, c => char.IsControl(c) && c is not '\n' and not '\r'); // not echoed to the terminal
        Assert.Empty(stdout);
        Assert.False(_server.Pending(), "the sample connected"); // the process has exited: a connect would be queued by now
    }

    [Fact]
    public async Task Addresses_at_the_limits_pass_the_check_and_the_sample_connects()
    {
        // 64-byte local part, 189-byte domain: <local@domain> is exactly 256 bytes. The server closes at once.
        var accepting = _server.AcceptSocketAsync();
        var run = RunAsync($"127.0.0.1, {new string('l', 64)}@{new string('d', 189)}, you@example.org");
        using (var client = await accepting.WaitAsync(TimeSpan.FromSeconds(30)))
        {
        }

        var (exit, stdout, stderr) = await run;

        Assert.True(exit == 1, $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}");
        Assert.StartsWith("SmtpSend: ", stderr, StringComparison.Ordinal);
        Assert.False(SampleRunner.HasStackTrace(stderr), stderr);
    }

    // {N} is N letters: long parts without long literals.
    private static string Expand(string value)
    {
        foreach (var n in new[] { 300, 200, 65, 60 })
        {
            value = value.Replace($"{{{n}}}", new string('x', n), StringComparison.Ordinal);
        }

        return value;
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string line1)
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "mail.txt"), $"{line1}\nSubject: test\n\nHello.\n");
        return await SampleRunner.RunAsync("SmtpSend", _directory, "mail.txt", "--port", Port);
    }
}
