// PingSweep: the threaded pinger of seed 003 (a thread and a `ping -c 1` per address) as one socket and a stream.
//   PingSweep 127.0.0.0/24 [--timeout ms] [--retries n] [--rate pps] [--alive]     (-h: usage and exit codes)
using NetPrimitives.Ping;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Arguments.Usage);
    return 0;
}

Arguments arguments;
PingTargets targets;
try
{
    arguments = Arguments.Parse(args);
    targets = PingTargets.Parse(arguments.Targets, new PingTargetOptions { MaxTargets = arguments.MaxTargets });
}
catch (Exception ex) when (ex is ArgumentException or FormatException or PingTargetsTooLargeException)
{
    Console.Error.WriteLine($"PingSweep: {ex.Message}");
    Console.Error.WriteLine(Arguments.Usage);
    return 3;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

PingSweep sweep;
try
{
    sweep = new PingSweeper(arguments.Options).Start(targets);
}
catch (PingEngineUnavailableException ex)
{
    Console.Error.WriteLine($"PingSweep: {ex.Message}");
    return 4;
}

await using (sweep)
{
    var interactive = !Console.IsOutputRedirected && !arguments.AliveOnly;
    var results = new List<PingResult>();
    var cancelled = false;
    try
    {
        if (interactive)
        {
            // Spectre.Console is loaded only here: piped output and --alive never pay for it.
            await Output.InteractiveAsync(sweep, results, cts.Token);
        }
        else
        {
            // On stderr with the summary, so stdout stays the list of results.
            Console.Error.WriteLine($"engine {sweep.Engine}: {sweep.EngineReason}");
            await foreach (var result in sweep.ReadAllAsync(cts.Token))
            {
                results.Add(result);
                Output.PlainLine(result, arguments.AliveOnly);
            }
        }
    }
    catch (OperationCanceledException)
    {
        Console.Error.WriteLine("PingSweep: cancelled");
        cancelled = true;
    }
    catch (PingEngineUnavailableException ex)
    {
        // The engine stopped working during the sweep (the Ping class without ping6 for an IPv6 target, say).
        Console.Error.WriteLine($"PingSweep: {ex.Message}");
        return 4;
    }

    // fping prints its summary on stderr, so stdout stays a clean list.
    Console.Error.WriteLine(sweep.Summary);
    var summary = sweep.Summary;
    return cancelled ? 130 : summary.NotResolved > 0 ? 2 : summary.Alive == summary.Targets ? 0 : 1;
}
