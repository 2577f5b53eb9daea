using System.Diagnostics;
using NetPrimitives.Ping;

/// <summary>
/// ping-warm: what a long-running app sees. One process sweeps the same loopback range N times with one
/// <see cref="PingSweeper"/> after a warm-up and prints the wall time of each sweep (first probe requested to last
/// result read), min / median / max, so it can sit beside `fping -a -g -i 0` (a whole process) in the same run.
/// Loopback only; bounded by the sweep count and a 60 s limit.
/// </summary>
internal static class PingWarmLoad
{
    private const string Help = """
        usage: NetPrimitives.Load ping-warm [--targets 127.0.0.0/24] [--sweeps 50] [--warmup 10] [--rate 0] [--engine auto|raw|dgram]
          Sweeps a loopback range repeatedly in one process (every address alive) and prints min/median/max per sweep.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var spec = "127.0.0.0/24";
        int sweeps = 50, warmup = 10, rate = 0;
        var engine = PingEngine.Auto;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--targets": spec = Value(); break;
                case "--sweeps": sweeps = Math.Clamp(int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture), 1, 10_000); break;
                case "--warmup": warmup = Math.Clamp(int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture), 0, 10_000); break;
                case "--rate": rate = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--engine":
                    engine = Value() switch
                    {
                        "raw" => PingEngine.RawSocket,
                        "dgram" => PingEngine.DatagramSocket,
                        "auto" => PingEngine.Auto,
                        var e => throw new ArgumentException($"unknown engine {e}"),
                    };
                    break;
                case "--help" or "-h":
                    Console.Error.WriteLine(Help);
                    return 0;
                default:
                    Console.Error.WriteLine(Help);
                    return 2;
            }
        }

        var targets = PingTargets.Parse(spec);
        if (targets.EnumerateAddresses().Any(a => !System.Net.IPAddress.IsLoopback(a)))
        {
            Console.Error.WriteLine("ping-warm sweeps loopback addresses only (127.0.0.0/8, ::1).");
            return 2;
        }

        var sweeper = new PingSweeper(new PingSweeperOptions { RatePerSecond = rate, Engine = engine, Timeout = TimeSpan.FromMilliseconds(500), Retries = 1 });
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var times = new List<double>(sweeps);
        PingEngine used = default;
        long notAlive = 0, retried = 0;
        var cpuAtStart = TimeSpan.Zero;
        for (var n = 0; n < warmup + sweeps && !limit.IsCancellationRequested; n++)
        {
            if (n == warmup)
            {
                cpuAtStart = Environment.CpuUsage.TotalTime;
            }

            var started = Stopwatch.GetTimestamp();
            PingSweep sweep;
            try
            {
                sweep = sweeper.Start(targets);
            }
            catch (PingEngineUnavailableException ex)
            {
                Console.Error.WriteLine($"ping-warm: {ex.Message}");
                return 4;
            }

            await using (sweep)
            {
                try
                {
                    await foreach (var result in sweep.ReadAllAsync(limit.Token))
                    {
                        notAlive += result.Status == PingStatus.Alive ? 0 : 1;
                        retried += result.Attempts > 1 ? 1 : 0;
                    }
                }
                catch (OperationCanceledException) when (limit.IsCancellationRequested)
                {
                    break; // the time limit: this sweep is not counted
                }

                used = sweep.Engine;
            }

            if (n >= warmup)
            {
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        if (times.Count == 0)
        {
            Console.Error.WriteLine("ping-warm: the 60 s limit ended the run before any measured sweep.");
            return 1;
        }

        // CPU time is steadier than wall time on a shared machine: other processes' load stretches the latter only.
        var cpuPerSweep = (Environment.CpuUsage.TotalTime - cpuAtStart).TotalMilliseconds / times.Count;
        times.Sort();
        Console.WriteLine($"ping-warm {spec}: {times.Count} sweeps after {warmup} warm-up, engine {used}, rate {(rate == 0 ? "unlimited" : rate + "/s")}, "
            + $"{notAlive} results not alive, {retried} answered only on a retry");
        Console.WriteLine(FormattableString.Invariant(
            $"per sweep (Start to last result, engine open and close included): min {times[0]:F3} ms, median {times[times.Count / 2]:F3} ms, max {times[^1]:F3} ms; process CPU {cpuPerSweep:F3} ms per sweep (user + system, all threads)"));
        return notAlive == 0 ? 0 : 1;
    }
}
