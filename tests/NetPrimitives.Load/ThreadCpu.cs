using System.Globalization;

/// <summary>
/// CPU time of the load generator's own threads, so the process's CPU per datagram can be split into the
/// senders' share and the server's share (everything else: the server under test, plus the runtime's own
/// threads). Linux only: it sums utime + stime from /proc/self/task/*/stat for threads named
/// <see cref="SenderThreadName"/>; elsewhere it reports NaN.
/// </summary>
internal static class ThreadCpu
{
    /// <summary>At most 15 characters: Linux keeps that much of a thread's name.</summary>
    public const string SenderThreadName = "NP load sender";

    // /proc reports times in USER_HZ ticks, which the Linux ABI fixes at 100 per second.
    private const double MicrosecondsPerTick = 1_000_000.0 / 100;

    /// <summary>Runs <paramref name="body"/> on a new background thread named <see cref="SenderThreadName"/>.</summary>
    public static Task RunSenderThread(Action body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                body();
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        { IsBackground = true, Name = SenderThreadName };
        thread.Start();
        return done.Task;
    }

    public static double SenderMicroseconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return double.NaN;
        }

        long ticks = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue; // the thread exited meanwhile
            }

            // "tid (comm) state ppid ...": comm may hold spaces, so split after the last ')'.
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < open || stat[(open + 1)..close] != SenderThreadName)
            {
                continue;
            }

            // After ") " come fields 3 onwards; utime and stime are fields 14 and 15 (proc(5)).
            var fields = stat[(close + 2)..].Split(' ');
            ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }

        return ticks * MicrosecondsPerTick;
    }
}
