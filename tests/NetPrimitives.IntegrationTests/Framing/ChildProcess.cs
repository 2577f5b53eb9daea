using System.Diagnostics;
using System.Threading.Channels;

namespace NetPrimitives.IntegrationTests.Framing;

/// <summary>
/// A program started by a test (a Python peer, a built sample): its stdout lines arrive on a channel, and
/// disposing it kills it if it is still running, so a failing test never leaves a process behind.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(15);
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new();

    private ChildProcess(Process process) => _process = process;

    public List<string> Output { get; } = [];

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The program's stdin, when started with <c>redirectInput</c>: what a user would type (autoflushed).</summary>
    public StreamWriter Input => _process.StartInfo.RedirectStandardInput
        ? _process.StandardInput
        : throw new InvalidOperationException("Started without redirectInput.");

    /// <summary>The process id (to send it a signal).</summary>
    public int Id => _process.Id;

    public static ChildProcess Start(string fileName, params string[] arguments) => Start(fileName, redirectInput: false, arguments);

    public static ChildProcess Start(string fileName, bool redirectInput, string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            StandardInputEncoding = redirectInput ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false) : null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                child._lines.Writer.TryComplete();
            }
            else
            {
                child._lines.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (child._stderr)
            {
                child._stderr.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (redirectInput)
        {
            process.StandardInput.AutoFlush = true;
        }

        return child;
    }

    /// <summary>The next stdout line, or null at the end of the output.</summary>
    public async Task<string?> ReadLineAsync()
    {
        try
        {
            var line = await _lines.Reader.ReadAsync().AsTask().WaitAsync(LineTimeout);
            Output.Add(line);
            return line;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Reads stdout until a line starts with <paramref name="prefix"/>; returns that line.</summary>
    public async Task<string> WaitForLineAsync(string prefix)
    {
        while (await ReadLineAsync() is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"The program ended without printing \"{prefix}...\". Output: {string.Join(" | ", Output)} Stderr: {Stderr}");
    }

    /// <summary>Waits for the exit, reads the rest of stdout, and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(LineTimeout);
        while (await ReadLineAsync() is not null)
        {
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
