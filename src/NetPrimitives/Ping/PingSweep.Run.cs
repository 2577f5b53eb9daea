using System.Net;
using System.Threading.Channels;

namespace NetPrimitives.Ping;

/// <summary>
/// The per-probe path: walk the targets lazily and run a task per target in flight (at most the plan's concurrency),
/// each with its retries; the engine waits for each answer. Any engine, and host-name targets.
/// </summary>
public sealed partial class PingSweep
{
    private async Task ProduceAsync(ChannelWriter<PingResult> writer, CancellationToken cancellationToken)
    {
        var limit = _plan.Concurrency;
        using var gate = new SemaphoreSlim(limit, limit);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new InFlightCounter(abort.Cancel);
        var callerToken = cancellationToken;
        cancellationToken = abort.Token;
        Exception? failure;
        try
        {
            foreach (var entry in _targets.ParsedEntries)
            {
                if (entry.Range is { } range)
                {
                    foreach (var address in range.Enumerate())
                    {
                        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                        inFlight.Start(RunTargetAsync(address.ToString(), address, writer, gate, cancellationToken));
                    }
                }
                else
                {
                    await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    inFlight.Start(RunTargetAsync(entry.HostName!, null, writer, gate, cancellationToken));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        failure = await inFlight.WhenAllAsync().ConfigureAwait(false);
        if (failure is not null)
        {
            _log.SweepFailed(failure);
        }

        writer.TryComplete(failure ?? (callerToken.IsCancellationRequested ? new OperationCanceledException(callerToken) : null));
    }

    private async Task RunTargetAsync(string target, IPAddress? address, ChannelWriter<PingResult> writer, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        try
        {
            var result = address is null
                ? await ResolveAndProbeAsync(target, cancellationToken).ConfigureAwait(false)
                : await ProbeWithRetriesAsync(target, address, cancellationToken).ConfigureAwait(false);
            Record(result);
            await writer.WriteAsync(result, cancellationToken).ConfigureAwait(false);
            ReportProgress(force: false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<PingResult> ResolveAndProbeAsync(string hostName, CancellationToken cancellationToken)
    {
        IPAddress address;
        try
        {
            address = await _resolver.ResolveAsync(hostName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _log.NameNotResolved(hostName, ex.Message);
            return new PingResult(hostName, null, PingStatus.NameNotResolved, 0) { Error = ex.Message };
        }

        return await ProbeWithRetriesAsync(hostName, address, cancellationToken).ConfigureAwait(false);
    }

    // The plan decides each attempt's timeout and whether silence is tried again; the engine waits for the answer.
    private async Task<PingResult> ProbeWithRetriesAsync(string target, IPAddress address, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await _plan.WaitForSendSlotAsync(cancellationToken).ConfigureAwait(false);

            // A slot freed by a probe that was just cancelled can wake us before the cancellation does: check again.
            cancellationToken.ThrowIfCancellationRequested();
            CountSent(_plan.Time.GetTimestamp());
            ReportProgress(force: false);
            var outcome = await _pinger.ProbeAsync(address, _plan.TimeoutOf(attempt), cancellationToken).ConfigureAwait(false);
            if (!_plan.TriesAgain(attempt, outcome))
            {
                return SweepPlan.Result(target, address, attempt, outcome);
            }
        }
    }
}
