using System.Diagnostics;
using System.Globalization;
using NetPrimitives.Ping;

/// <summary>How PingSweep prints: a progress bar and a table on a terminal, the plain and JSON lines are written by Program.cs and JsonOutput.</summary>
/// <remarks>
/// Drawn with a few ANSI sequences rather than a console library: in the native executable every type a library
/// brings is set up at start-up, used or not: Spectre.Console cost the /24 sweep's process 110 of its 820 page faults,
/// with --alive, which never draws (issue 21).
/// </remarks>
internal static class Output
{
    private const string Grey = "\e[90m";
    private const string Yellow = "\e[33m";
    private const string Reset = "\e[0m";
    private const string ClearLine = "\r\e[2K";
    private const int BarWidth = 40;

    public static async Task InteractiveAsync(PingSweep sweep, List<PingResult> results, CancellationToken cancellationToken)
    {
        Console.WriteLine($"{Grey}{sweep.TargetCount} targets, engine {sweep.Engine}: {sweep.EngineReason}{Reset}");
        var started = Stopwatch.GetTimestamp();
        var shown = -1L;
        try
        {
            await foreach (var result in sweep.ReadAllAsync(cancellationToken))
            {
                results.Add(result);
                var percent = results.Count * 100L / Math.Max(1, sweep.TargetCount);
                if (percent != shown)
                {
                    // Redrawn when the percentage moves: at most 101 times, whatever the number of targets.
                    shown = percent;
                    var filled = (int)(percent * BarWidth / 100);
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    Console.Write($"{ClearLine}sweeping {new string('━', filled)}{Grey}{new string('━', BarWidth - filled)}{Reset} {percent,3}% {elapsed:hh\\:mm\\:ss}");
                }
            }
        }
        finally
        {
            Console.Write(ClearLine); // the bar goes once the sweep ends, however it ends
        }

        AliveTable(results);
    }

    private static void AliveTable(List<PingResult> results)
    {
        var alive = results.Where(r => r.Status == PingStatus.Alive).OrderBy(r => r.Address!.GetAddressBytes(), ByteOrder.Instance).ToList();
        if (alive.Count == 0)
        {
            Console.WriteLine($"{Yellow}no target answered{Reset}");
            return;
        }

        string[] header = ["address", "rtt (ms)", "ttl", "attempts"];
        var rows = alive.Select(r => new[]
        {
            r.Target, r.RoundTripMilliseconds!.Value.ToString("F3", CultureInfo.InvariantCulture),
            r.Ttl?.ToString(CultureInfo.InvariantCulture) ?? "-", r.Attempts.ToString(CultureInfo.InvariantCulture),
        }).ToList();
        var widths = header.Select((h, i) => rows.Max(row => row[i].Length) is var w && w > h.Length ? w : h.Length).ToArray();
        WriteRow(header, widths);
        Console.WriteLine(string.Join("  ", widths.Select(w => new string('─', w))));
        foreach (var row in rows)
        {
            WriteRow(row, widths);
        }
    }

    // The address column left-aligned, the numbers right-aligned.
    private static void WriteRow(string[] cells, int[] widths) =>
        Console.WriteLine(string.Join("  ", cells.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static ByteOrder Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => x!.Length != y!.Length ? x.Length - y.Length : x.AsSpan().SequenceCompareTo(y);
    }
}
