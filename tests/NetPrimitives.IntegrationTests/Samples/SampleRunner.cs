using System.Diagnostics;
using NetPrimitives.IntegrationTests.Framing;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.IntegrationTests.Samples;

/// <summary>Runs a built sample (<c>dotnet samples/X/bin/.../X.dll ...</c>) as a user does.</summary>
internal static class SampleRunner
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Starts a long-running sample (a server); disposing the result kills it.</summary>
    public static ChildProcess Start(string name, params string[] arguments) => ChildProcess.Start(Launcher, [.. LauncherArguments, Dll(name), .. arguments]);

    /// <summary>Starts an interactive sample: <see cref="ChildProcess.Input"/> is its keyboard. Disposing the result kills it.</summary>
    public static ChildProcess StartInteractive(string name, params string[] arguments) => ChildProcess.Start(Launcher, redirectInput: true, [.. LauncherArguments, Dll(name), .. arguments]);

    // A process started in the background by a non-interactive shell has SIGINT ignored, and children inherit that:
    // the runtime then never sees Ctrl+C. Under such a runner the sample starts through env(1), which puts SIGINT
    // back to its default before exec (same process id, so InterruptAsync still reaches the sample).
    private static readonly bool s_sigIntIgnored = IsSigIntIgnored();

    private static string Launcher => s_sigIntIgnored ? "/usr/bin/env" : Dotnet;

    private static string[] LauncherArguments => s_sigIntIgnored ? ["--default-signal=INT", Dotnet] : [];

    private static bool IsSigIntIgnored()
    {
        // /proc/self/status "SigIgn:" is a hex mask of ignored signals; SIGINT (2) is bit 1.
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/env"))
        {
            return false;
        }

        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, null, out var mask)
            && (mask & (1UL << (SigInt - 1))) != 0;
    }

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

    /// <summary>Sends SIGTERM to the sample, as a service manager (systemd, docker stop) does to stop it.</summary>
    public static Task TerminateAsync(ChildProcess sample)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("SIGTERM cannot be sent to another process on Windows");
        }

        Assert.Equal(0, Kill(sample.Id, SigTerm));
        return Task.CompletedTask;
    }

    private const int SigInt = 2; // POSIX: SIGINT is 2 on Linux and macOS

    private const int SigTerm = 15; // POSIX: SIGTERM is 15 on Linux and macOS

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Runs a sample to its end in <paramref name="workingDirectory"/> (or the current one); kills it after 30 s.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string name, string? workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Dotnet) { WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory };
        start.ArgumentList.Add(Dll(name));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return RunToEndAsync(start, $"{name} {string.Join(' ', arguments)}");
    }

    /// <summary>
    /// Runs a sample to its end as the unprivileged user nobody (uid and gid 65534, no supplementary groups, no
    /// capabilities) through setpriv, from a copy of its build output, with a HOME of its own; kills it after 30 s.
    /// Skips where that cannot be done (not Linux, not root); a missing setpriv fails with NETPRIMITIVES_REQUIRE_PEERS=1.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsNobodyAsync(string name, params string[] arguments)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Assert.Skip($"running a sample as nobody (setpriv) needs Linux and root; this test runs as {Environment.UserName}");
            return default; // unreachable: tells the platform analyzer that what follows runs on Linux only
        }

        var setpriv = Peers.Require("setpriv", "runs a sample as the unprivileged user nobody"); // util-linux
        var dotnet = new FileInfo(Dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Dotnet;
        if (Blocked(Path.GetDirectoryName(dotnet)!) is { } blocked)
        {
            Assert.Skip($"nobody cannot reach {dotnet}: {blocked} is closed to other users");
        }

        if (Blocked(Path.GetTempPath()) is { } closedTemp)
        {
            Assert.Skip($"nobody cannot reach the temporary folder: {closedTemp} is closed to other users");
        }

        // The build output may sit where nobody cannot read it (under a home folder): run a copy from a folder
        // everyone can read, with a HOME (dotnet writes there) and TMPDIR that nobody can write.
        var sandbox = Directory.CreateTempSubdirectory("netprimitives-nobody-");
        try
        {
            File.SetUnixFileMode(sandbox.FullName, ReadableDirectory);
            var app = Path.Combine(sandbox.FullName, "app");
            CopyReadable(Path.GetDirectoryName(Dll(name))!, app);
            var home = Directory.CreateDirectory(Path.Combine(sandbox.FullName, "home")).FullName;
            File.SetUnixFileMode(home, ReadableDirectory | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.StickyBit);

            var start = new ProcessStartInfo(setpriv) { WorkingDirectory = home };
            start.Environment["HOME"] = home;
            start.Environment["DOTNET_CLI_HOME"] = home;
            start.Environment["TMPDIR"] = home;
            foreach (var argument in (string[])["--reuid", Nobody, "--regid", Nobody, "--clear-groups", dotnet, Path.Combine(app, name + ".dll"), .. arguments])
            {
                start.ArgumentList.Add(argument);
            }

            return await RunToEndAsync(start, $"{name} {string.Join(' ', arguments)} (as nobody)");
        }
        finally
        {
            sandbox.Delete(recursive: true);
        }
    }

    private const string Nobody = "65534";

    private const UnixFileMode ReadableDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode ReadableFile = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    // The first folder from the root down to (and including) path that other users may not enter, if any.
    private static string? Blocked(string path)
    {
        var chain = new List<DirectoryInfo>();
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            chain.Add(dir);
        }

        return chain.AsEnumerable().Reverse().FirstOrDefault(d => (d.UnixFileMode & UnixFileMode.OtherExecute) == 0)?.FullName;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void CopyReadable(string from, string to)
    {
        Directory.CreateDirectory(to);
        File.SetUnixFileMode(to, ReadableDirectory);
        foreach (var file in Directory.GetFiles(from))
        {
            var copy = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, ReadableFile);
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            CopyReadable(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunToEndAsync(ProcessStartInfo start, string description)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true; // a sample that wrongly waited for input would read end of file, not hang
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
            throw new TimeoutException($"{description} did not end within {RunTimeout.TotalSeconds} s");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Whether <paramref name="output"/> holds an unhandled exception's report: what a sample must never print.</summary>
    public static bool HasStackTrace(string output) =>
        output.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase) || output.Contains("\n   at ", StringComparison.Ordinal) || output.StartsWith("   at ", StringComparison.Ordinal);

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
        ? host
        : Peers.Find("dotnet") ?? "dotnet";

    // AppContext.BaseDirectory is tests/NetPrimitives.IntegrationTests/bin/<Configuration>/<tfm>/.
    private static string Dll(string name)
    {
        var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = tfmDir.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "samples", name, "bin", tfmDir.Parent!.Name, tfmDir.Name, name + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is not built (the test project builds it through a project reference)");
        return dll;
    }
}
