// PingSweep: the threaded pinger of seed 003 (a thread and a `ping -c 1` per address) as one socket and a stream.
//   PingSweep 127.0.0.0/24 [--timeout ms] [--retries n] [--rate pps] [--alive] [--json]     (--help: all options and exit codes)
using System.Text;
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
                await Output.InteractiveAsync(sweep, results, stop);
            }
            else
            {
                // On stderr with the summary, so stdout stays the list of results.
                Console.Error.WriteLine($"engine {sweep.Engine}: {sweep.EngineReason}");
                await WriteLinesAsync(sweep, results, aliveOnly, json, stop);
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
            JsonOutput.Summary(Console.Out, summary);
        }

        return summary.NotResolved > 0 ? 2 : summary.Alive == summary.Targets ? ExitCodes.Ok : 1;
    }
});

return await SampleApp.RunAsync(command, args, Arguments.ExitCodes, Arguments.UsageExitCode);

// One line per result on stdout, streamed: the lines of a burst of results go out in one write(2), flushed whenever
// the next result is not ready yet (before every wait), where Console.Out's one write per line cost a system call per
// target (254 of them on a /24, issue 21).
static async Task WriteLinesAsync(PingSweep sweep, List<PingResult> results, bool aliveOnly, bool json, CancellationToken stop)
{
    await using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
    await using var reading = sweep.ReadAllAsync(stop).GetAsyncEnumerator(stop);
    while (true)
    {
        var next = reading.MoveNextAsync();
        if (!next.IsCompleted)
        {
            await stdout.FlushAsync(CancellationToken.None);
        }

        if (!await next)
        {
            return;
        }

        var result = reading.Current;
        results.Add(result);
        if (aliveOnly && result.Status != PingStatus.Alive)
        {
            continue;
        }

        if (json)
        {
            JsonOutput.Result(stdout, result);
        }
        else
        {
            stdout.WriteLine(aliveOnly ? result.Target : result.ToString());
        }
    }
}
