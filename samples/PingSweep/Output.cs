using System.Globalization;
using NetPrimitives.Ping;
using Spectre.Console;

/// <summary>How PingSweep prints: a progress bar and a table on a terminal, the plain and JSON lines are written by Program.cs and JsonOutput.</summary>
internal static class Output
{
    public static async Task InteractiveAsync(PingSweep sweep, List<PingResult> results, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLine($"[grey]{sweep.TargetCount} targets, engine {sweep.Engine}: {Markup.Escape(sweep.EngineReason)}[/]");
        await WithProgressBarAsync(sweep, sweep.TargetCount, results, cancellationToken);
        AliveTable(results);
    }

    private static async Task WithProgressBarAsync(PingSweep sweep, long count, List<PingResult> results, CancellationToken cancellationToken)
    {
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask("sweeping", maxValue: count);
                await foreach (var result in sweep.ReadAllAsync(cancellationToken))
                {
                    results.Add(result);
                    bar.Increment(1);
                }
            });
    }

    private static void AliveTable(List<PingResult> results)
    {
        var alive = results.Where(r => r.Status == PingStatus.Alive).OrderBy(r => r.Address!.GetAddressBytes(), ByteOrder.Instance).ToList();
        if (alive.Count == 0)
        {
            AnsiConsole.MarkupLine("[yellow]no target answered[/]");
            return;
        }

        var table = new Table().AddColumn("address").AddColumn(new TableColumn("rtt (ms)").RightAligned())
            .AddColumn(new TableColumn("ttl").RightAligned()).AddColumn(new TableColumn("attempts").RightAligned());
        foreach (var r in alive)
        {
            table.AddRow(Markup.Escape(r.Target), r.RoundTripMilliseconds!.Value.ToString("F3", CultureInfo.InvariantCulture),
                r.Ttl?.ToString(CultureInfo.InvariantCulture) ?? "-", r.Attempts.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static ByteOrder Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => x!.Length != y!.Length ? x.Length - y.Length : x.AsSpan().SequenceCompareTo(y);
    }
}
