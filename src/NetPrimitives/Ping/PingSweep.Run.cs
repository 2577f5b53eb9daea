using System.Net;
using System.Threading.Channels;

namespace NetPrimitives.Ping;

/// <summary>The producer: walk the targets lazily, at most MaxConcurrency in flight, each with its retries.</summary>
public sealed partial class PingSweep
{
    private async Task ProduceAsync(ChannelWriter<PingResult> writer, CancellationToken cancellationToken)
    {
        var limit = Math.Min(_options.MaxConcurrency, _pinger.MaxConcurrency);
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

    // fping's model: attempt n waits Timeout * Backoff^(n-1); an ICMP error is final, silence is retried.
    private async Task<PingResult> ProbeWithRetriesAsync(string target, IPAddress address, CancellationToken cancellationToken)
    {
        var attempts = 0;
        var outcome = Engines.ProbeOutcome.TimedOut;
        while (attempts <= _options.Retries)
        {
            await _rate.WaitAsync(cancellationToken).ConfigureAwait(false);

            // A slot freed by a probe that was just cancelled can wake us before the cancellation does: check again.
            cancellationToken.ThrowIfCancellationRequested();
            attempts++;
            Interlocked.CompareExchange(ref _firstSend, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
            Interlocked.Increment(ref _sent);
            ReportProgress(force: false);
            outcome = await _pinger.ProbeAsync(address, _options.TimeoutFor(attempts), cancellationToken).ConfigureAwait(false);
            if (outcome.Status != Engines.ProbeStatus.TimedOut)
            {
                break;
            }
        }

        return ToResult(target, address, attempts, outcome);
    }

    private static PingResult ToResult(string target, IPAddress address, int attempts, Engines.ProbeOutcome outcome) => outcome.Status switch
    {
        Engines.ProbeStatus.Alive => new PingResult(target, address, PingStatus.Alive, attempts) { RoundTripTime = outcome.RoundTripTime, Ttl = outcome.Ttl },
        Engines.ProbeStatus.Unreachable => new PingResult(target, address, PingStatus.Unreachable, attempts)
        {
            IcmpType = outcome.IcmpType,
            IcmpCode = outcome.IcmpCode,
            ReportedBy = outcome.ReportedBy,
        },
        _ => new PingResult(target, address, PingStatus.TimedOut, attempts),
    };
}
