using System.Diagnostics;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.IntegrationTests.Http;

/// <summary>Runs curl (quiet, errors shown, no proxy, 30 s per transfer) and returns its exit code, stdout and stderr.</summary>
internal static class Curl
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var curl = Peers.Require("curl", "HTTP conformance against a real client");
        var start = new ProcessStartInfo(curl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--silent", "--show-error", "--max-time", "30", "--noproxy", "*" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(40));
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
