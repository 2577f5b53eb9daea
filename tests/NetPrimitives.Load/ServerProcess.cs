using System.Diagnostics;
using System.Globalization;

/// <summary>
/// This program started again in a server mode (tcp-server, udp-server), optionally pinned to some CPUs with
/// taskset, so that a server's CPU time, memory and allocations are its own and not the load generator's.
/// The server prints "LISTENING port" when ready, may print "MEM seconds workingSet gcHeap" samples, answers a
/// line "WORD" on its standard input with a line "WORD ..." (see <see cref="AskAsync"/>), and exits when its
/// standard input closes.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<(double Seconds, long WorkingSet, long GcHeap)> _samples = [];
    private readonly Lock _answerLock = new();
    private (string Word, TaskCompletionSource<string> Answer)? _pending;

    private ServerProcess(Process process) => _process = process;

    public int Port { get; private set; }

    public int Pid => _process.Id;

    /// <summary>The server process's CPU time so far (Linux: utime + stime of /proc/pid/stat).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The user-mode part of <see cref="CpuTime"/> (utime): the server's own code and the runtime, not the kernel's.</summary>
    public TimeSpan UserCpuTime
    {
        get
        {
            _process.Refresh();
            return _process.UserProcessorTime;
        }
    }

    public int SampleCount
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count;
            }
        }
    }

    public List<(double Seconds, long WorkingSet, long GcHeap)> SamplesFrom(int index)
    {
        lock (_samples)
        {
            return _samples.Skip(index).ToList();
        }
    }

    /// <summary>
    /// Starts this program with <paramref name="arguments"/> (a server mode and its options), under
    /// <c>taskset -c <paramref name="cpus"/></c> when given, and waits for its "LISTENING port" line.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(IEnumerable<string> arguments, string? cpus, IReadOnlyDictionary<string, string>? environment = null)
    {
        var self = Environment.ProcessPath!;
        // taskset(1) sets the affinity and then execs the server, so the pid (and its CPU time) is the server's own.
        var info = new ProcessStartInfo(cpus is null ? self : "taskset") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (cpus is not null)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(cpus);
            info.ArgumentList.Add(self);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        }

        foreach (var arg in arguments)
        {
            info.ArgumentList.Add(arg);
        }

        var server = new ServerProcess(Process.Start(info)!);
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        server._process.OutputDataReceived += (_, e) =>
        {
            var parts = e.Data?.Split(' ') ?? [];
            if (parts is ["LISTENING", var port])
            {
                listening.TrySetResult(int.Parse(port, CultureInfo.InvariantCulture));
            }
            else if (parts is ["MEM", var s, var ws, var gc])
            {
                lock (server._samples)
                {
                    server._samples.Add((double.Parse(s, CultureInfo.InvariantCulture), long.Parse(ws, CultureInfo.InvariantCulture), long.Parse(gc, CultureInfo.InvariantCulture)));
                }
            }
            else if (parts is [var word, ..])
            {
                server.Answer(word, e.Data!);
            }
        };
        server._process.BeginOutputReadLine();
        server.Port = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return server;
    }

    /// <summary>
    /// Writes <paramref name="word"/> as a line to the server's standard input and returns the rest of the first
    /// line it prints that starts with the same word (one question at a time).
    /// </summary>
    public async Task<string> AskAsync(string word)
    {
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_answerLock)
        {
            _pending = (word, answer);
        }

        await _process.StandardInput.WriteLineAsync(word);
        await _process.StandardInput.FlushAsync();
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private void Answer(string word, string line)
    {
        lock (_answerLock)
        {
            if (_pending is var (asked, answer) && asked == word)
            {
                _pending = null;
                answer.TrySetResult(line[word.Length..].Trim());
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close(); // the server exits when its input closes
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
