using System.Diagnostics;
using NetPrimitives.Tests.Http;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.IntegrationTests.Http;

/// <summary>A short, bounded wrk run: under load, no socket errors and no non-2xx answers (speed is not asserted here).</summary>
public sealed class WrkTests
{
    [Fact]
    public async Task Short_wrk_run_has_no_socket_errors_and_no_non_2xx()
    {
        var wrk = Peers.Require("wrk", "load against MiniHttpServer");
        await using var server = await MiniHttpServerTests.StartAsync();
        var start = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t2", "-c32", "-d2s", "--timeout", "5s", $"http://{server.LocalEndPoint}/hello" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw;
        }

        var text = await output;
        Assert.Equal(0, process.ExitCode);
        Assert.Matches(@"\d+ requests in", text);
        Assert.DoesNotContain("Socket errors", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Non-2xx", text, StringComparison.Ordinal);
    }
}
