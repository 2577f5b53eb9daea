namespace NetPrimitives.IntegrationTests.Samples;

/// <summary>Every sample follows the convention: <c>--help</c>/<c>-h</c> prints usage and exits 0; an unknown option exits 2 (PingSweep: 3, fping's).</summary>
public sealed class SampleHelpTests
{
    public static TheoryData<string> AllSamples() =>
    [
        "Blocks", "Streamer", "Echo", "TcpUpperCase", "OkServer", "UdpUpperCase", "MiniHttp", "WebClient", "SmtpSend", "Resolve", "PingSweep", "Tour",
        "Telnet", "GenericTcpServer", "Chat",
    ];

    [Theory]
    [MemberData(nameof(AllSamples))]
    public async Task Help_prints_usage_and_exits_0(string sample)
    {
        foreach (var flag in new[] { "--help", "-h" })
        {
            var (exit, stdout, stderr) = await SampleRunner.RunAsync(sample, null, flag);
            Assert.True(exit == 0, $"{sample} {flag} exited {exit}. stdout: {stdout} stderr: {stderr}");
            Assert.Contains("usage", stdout, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public async Task An_unknown_option_prints_usage_to_stderr_and_exits_2(string sample)
    {
        var (exit, stdout, stderr) = await SampleRunner.RunAsync(sample, null, "--no-such-option");
        Assert.True(exit == (sample == "PingSweep" ? 3 : 2), $"{sample} --no-such-option exited {exit}. stdout: {stdout} stderr: {stderr}");
        Assert.Contains("usage", stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("MiniHttp", "--port")] // a lone option used to be skipped and the server started on 8080
    [InlineData("MiniHttp", "--port", "not-a-port")]
    [InlineData("MiniHttp", "--port", "0", "extra")]
    [InlineData("WebClient", "127.0.0.1", "not-a-port")]
    [InlineData("WebClient", "127.0.0.1", "80", "extra")]
    [InlineData("Resolve", "--server", "not-an-endpoint")]
    [InlineData("SmtpSend", "mail.txt", "--port", "70000")]
    [InlineData("Telnet", "127.0.0.1")]
    [InlineData("Telnet", "127.0.0.1", "0")]
    [InlineData("Telnet", "127.0.0.1", "not-a-port")]
    [InlineData("Telnet", "127.0.0.1", "80", "extra")]
    [InlineData("GenericTcpServer", "--port")]
    [InlineData("GenericTcpServer", "--port", "70000")]
    [InlineData("GenericTcpServer", "--bind", "not-an-address")]
    [InlineData("Chat", "listen", "--port", "0")] // no --nick
    [InlineData("Chat", "listen", "--nick", " ")]
    [InlineData("Chat", "connect", "127.0.0.1", "--nick", "bob")] // no port
    [InlineData("Chat", "connect", "127.0.0.1", "70000", "--nick", "bob")]
    [InlineData("Chat", "talk", "--nick", "bob")]
    public async Task A_bad_value_or_extra_argument_exits_2(string sample, params string[] arguments)
    {
        var (exit, stdout, stderr) = await SampleRunner.RunAsync(sample, null, arguments);
        Assert.True(exit == 2, $"{sample} {string.Join(' ', arguments)} exited {exit}. stdout: {stdout} stderr: {stderr}");
        Assert.Contains("usage", stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Telnet")]
    [InlineData("Chat")]
    public async Task No_arguments_prints_usage_to_stderr_and_exits_2(string sample)
    {
        var (exit, stdout, stderr) = await SampleRunner.RunAsync(sample, null);
        Assert.True(exit == 2, $"{sample} exited {exit}. stdout: {stdout} stderr: {stderr}");
        Assert.Contains("usage", stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(stdout);
    }
}
