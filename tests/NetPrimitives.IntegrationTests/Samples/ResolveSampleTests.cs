using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NetPrimitives.IntegrationTests.Names;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.IntegrationTests.Samples;

/// <summary>samples/Resolve as a small dig (-t against dnsmasq) and getent (addresses, the order given, exit 2 for a missing name).</summary>
public sealed class ResolveSampleTests(DnsmasqServer dnsmasq) : IClassFixture<DnsmasqServer>
{
    private async Task<string> ServerAsync() => (await dnsmasq.StartAsync()).ToString();

    [Theory]
    [InlineData("MX", "test", "test\t60\tIN\tMX\t10 mail.test")]
    [InlineData("SRV", "_sip._tcp.test", "_sip._tcp.test\t60\tIN\tSRV\t1 5 5060 sip.test")]
    [InlineData("TXT", "txt.test", "txt.test\t60\tIN\tTXT\t\"hello world\" \"second\"")]
    [InlineData("CNAME", "www.test", "www.test\t60\tIN\tCNAME\tweb.test")]
    [InlineData("AAAA", "web.test", "web.test\t60\tIN\tAAAA\tfd00:53::5")]
    [InlineData("A", "web.test", "web.test\t60\tIN\tA\t10.53.0.5")]
    [InlineData("PTR", "10.53.0.9", "9.0.53.10.in-addr.arpa\t60\tIN\tPTR\tnamed.test")]
    public async Task Type_asks_the_server_and_prints_the_answer_with_its_TTL(string type, string name, string answer)
    {
        var (exit, stdout, stderr) = await SampleRunner.RunAsync("Resolve", null, "-t", type, name, "--server", await ServerAsync());

        Assert.True(exit == 0, $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}");
        Assert.Equal(answer, stdout.TrimEnd('\n'));
    }

    [Fact]
    public async Task Results_come_in_the_order_given_and_a_name_that_does_not_exist_exits_2_as_getent()
    {
        string[] names = ["nope.test", "web.test", "v4only.test", "also-missing.test", "10.53.0.9"];
        var (exit, stdout, stderr) = await SampleRunner.RunAsync("Resolve", null, ["--server", await ServerAsync(), .. names]);

        Assert.True(exit == 2, $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}");
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.StartsWith("ip[nope.test]=NotFound: ", lines[0], StringComparison.Ordinal);
        Assert.Equal("ip[web.test]=10.53.0.5", lines[1]);
        Assert.StartsWith("name[10.53.0.5]=", lines[2], StringComparison.Ordinal);
        Assert.Equal("ip[v4only.test]=10.53.0.6", lines[3]);
        Assert.StartsWith("name[10.53.0.6]=", lines[4], StringComparison.Ordinal);
        Assert.StartsWith("ip[also-missing.test]=NotFound: ", lines[5], StringComparison.Ordinal);
        Assert.Equal("name[10.53.0.9]=named.test", lines[6]);
        Assert.Equal(7, lines.Length);
        Assert.Empty(stderr);
    }

    [Fact]
    public async Task Json_prints_one_object_per_name_in_the_order_given()
    {
        string[] names = ["test", "nope.test", "10.53.0.9"];
        var (exit, stdout, stderr) = await SampleRunner.RunAsync("Resolve", null, ["-t", "MX", "--json", "--server", await ServerAsync(), .. names]);

        Assert.True(exit == 2, $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}");
        var lines = stdout.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(names, lines.Select(l => l.GetProperty("query").GetString()));

        Assert.Equal("MX", lines[0].GetProperty("type").GetString());
        Assert.Equal("found", lines[0].GetProperty("status").GetString());
        var mx = Assert.Single(lines[0].GetProperty("answers").EnumerateArray().ToArray());
        Assert.Equal(("test", "MX", 60, "10 mail.test"), (mx.GetProperty("name").GetString(), mx.GetProperty("type").GetString(), mx.GetProperty("ttl").GetInt32(), mx.GetProperty("data").GetString()));

        Assert.Equal("not_found", lines[1].GetProperty("status").GetString());
        Assert.Equal("NameError", lines[1].GetProperty("error").GetString());
        Assert.Empty(lines[1].GetProperty("answers").EnumerateArray());

        Assert.Equal("PTR", lines[2].GetProperty("type").GetString()); // an address is asked back, whatever -t says
        Assert.Equal("named.test", Assert.Single(lines[2].GetProperty("answers").EnumerateArray().ToArray()).GetProperty("data").GetString());
    }

    [Fact]
    public async Task An_IPv6_address_is_resolved_back_like_getent_does()
    {
        // ::1 used to fail with "'::1' is an InterNetworkV6 address". Whether it has a name depends on /etc/hosts:
        // the sample must agree with getent, the system's own answer.
        var (exit, stdout, stderr) = await SampleRunner.RunAsync("Resolve", null, "::1", "127.0.0.1");
        var what = $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}";
        Assert.DoesNotContain("InterNetworkV6", stdout, StringComparison.Ordinal);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 2, what);
        Assert.StartsWith("name[::1]=", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("name[127.0.0.1]=", lines[1], StringComparison.Ordinal);

        var (getentExit, getentName) = await GetentHostsAsync("::1");
        Assert.True(exit == getentExit, what + $"\ngetent hosts ::1 exited {getentExit}");
        if (getentExit == 0)
        {
            Assert.True(lines[0] == $"name[::1]={getentName}", what + $"\ngetent: {getentName}");
        }
        else
        {
            Assert.StartsWith("name[::1]=NotFound: ", lines[0], StringComparison.Ordinal);
        }
    }

    private static async Task<(int ExitCode, string? Name)> GetentHostsAsync(string key)
    {
        var getent = Peers.Require("getent", "the system's answer for ::1, to compare with");
        using var process = Process.Start(new ProcessStartInfo(getent, ["hosts", key]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var fields = output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return (process.ExitCode, fields.Length > 1 ? fields[1] : null);
    }
}
