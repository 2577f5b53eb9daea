// PingSweep: the threaded pinger of seed 003 (a thread and a `ping -c 1` per address) as one socket and a stream.
//   PingSweep 127.0.0.0/24 [--timeout ms] [--retries n] [--rate pps] [--alive] [--json]     (--help: all options and exit codes)
using NetPrimitives.Ping;
using NetPrimitives.Samples.Cli;

const int EngineUnavailable = 4; // no ping engine can run here (fping has no such code; documented with the others)
var command = Arguments.Command();
command.SetAction(async (parse, stop) =>
{
    PingTargets targets;
    var maxTargets = parse.GetValue(Arguments.MaxTargets);
    try
    {
        targets = PingTargets.Parse(parse.GetValue(Arguments.Targets)!, new PingTargetOptions { MaxTargets = maxTargets });
    }
    catch (PingTargetsTooLargeException ex)
    {
        throw SampleException.Usage($"--max-targets: the targets describe {ex.Count} addresses, more than {ex.Limit}; raise --max-targets to sweep them");
    }
    catch (PingTargetFormatException ex)
    {
        throw SampleException.Usage(ex.Message);
    }

    PingSweep sweep;
    try
    {
        sweep = new PingSweeper(Arguments.SweeperOptions(parse)).Start(targets);
    }
    catch (PingEngineUnavailableException ex)
    {
        throw new SampleException(ex.Message, EngineUnavailable, ex);
    }

    await using (sweep)
    {
        var (aliveOnly, json) = (parse.GetValue(Arguments.Alive), parse.GetValue(Arguments.Json));
        var results = new List<PingResult>();
        try
        {
            if (!Console.IsOutputRedirected && !aliveOnly && !json)
            {
                // Spectre.Console is loaded only here: piped output and --alive never pay for it.
                await Output.InteractiveAsync(sweep, results, stop);
            }
            else
            {
                // On stderr with the summary, so stdout stays the list of results.
                Console.Error.WriteLine($"engine {sweep.Engine}: {sweep.EngineReason}");
                await foreach (var result in sweep.ReadAllAsync(stop))
                {
                    results.Add(result);
                    if (aliveOnly && result.Status != PingStatus.Alive)
                    {
                        continue;
                    }

                    if (json)
                    {
                        JsonOutput.Result(result);
                    }
                    else
                    {
                        Console.WriteLine(aliveOnly ? result.Target : result.ToString());
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: the summary of what was swept, then 130 or 143.
        }
        catch (PingEngineUnavailableException ex)
        {
            // The engine stopped working during the sweep (the Ping class without ping6 for an IPv6 target, say).
            throw new SampleException(ex.Message, EngineUnavailable, ex);
        }

        // fping prints its summary on stderr, so stdout stays a clean list.
        var summary = sweep.Summary;
        Console.Error.WriteLine(summary);
        if (json)
        {
            JsonOutput.Summary(summary);
        }

        return summary.NotResolved > 0 ? 2 : summary.Alive == summary.Targets ? ExitCodes.Ok : 1;
    }
});

return await SampleApp.RunAsync(command, args, Arguments.ExitCodes, Arguments.UsageExitCode);
