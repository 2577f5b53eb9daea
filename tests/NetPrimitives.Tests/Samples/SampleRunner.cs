using System.Diagnostics;
using NetPrimitives.Tests.Framing;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.Tests.Samples;

/// <summary>Runs a built sample (<c>dotnet samples/X/bin/.../X.dll ...</c>) as a user does.</summary>
internal static class SampleRunner
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Starts a long-running sample (a server); disposing the result kills it.</summary>
    public static ChildProcess Start(string name, params string[] arguments) => ChildProcess.Start(Dotnet, [Dll(name), .. arguments]);

    /// <summary>Starts an interactive sample: <see cref="ChildProcess.Input"/> is its keyboard. Disposing the result kills it.</summary>
    public static ChildProcess StartInteractive(string name, params string[] arguments) => ChildProcess.Start(Dotnet, redirectInput: true, [Dll(name), .. arguments]);

    /// <summary>Presses Ctrl+C: sends SIGINT to the sample (<c>dotnet x.dll</c> runs it in the same process).</summary>
    public static Task InterruptAsync(ChildProcess sample)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("SIGINT cannot be sent to another process on Windows");
        }

        // kill(2) straight from libc: no dependency on a kill program being installed.
        Assert.Equal(0, Kill(sample.Id, SigInt));
        return Task.CompletedTask;
    }

    private const int SigInt = 2; // POSIX: SIGINT is 2 on Linux and macOS

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Runs a sample to its end in <paramref name="workingDirectory"/> (or the current one); kills it after 30 s.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string name, string? workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // a sample that wrongly waited for input would read end of file, not hang
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add(Dll(name));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(RunTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} {string.Join(' ', arguments)} did not end within {RunTimeout.TotalSeconds} s");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Whether <paramref name="output"/> holds an unhandled exception's report: what a sample must never print.</summary>
    public static bool HasStackTrace(string output) =>
        output.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase) || output.Contains("\n   at ", StringComparison.Ordinal) || output.StartsWith("   at ", StringComparison.Ordinal);

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
        ? host
        : Peers.Find("dotnet") ?? "dotnet";

    // AppContext.BaseDirectory is tests/NetPrimitives.Tests/bin/<Configuration>/<tfm>/.
    private static string Dll(string name)
    {
        var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = tfmDir.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "samples", name, "bin", tfmDir.Parent!.Name, tfmDir.Name, name + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is not built (the test project builds it through a project reference)");
        return dll;
    }
}
