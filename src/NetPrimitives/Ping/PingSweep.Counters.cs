namespace NetPrimitives.Ping;

/// <summary>Counters behind progress reports and the summary.</summary>
public sealed partial class PingSweep
{
    private const long NotSent = long.MinValue;
    private static readonly long ProgressInterval = TimeSpan.TicksPerMillisecond * 50;
    private readonly object _statsLock = new();
    private readonly PingMetrics _metrics;
    private long _sent;
    private long _firstSend = NotSent; // the plan's clock's timestamp of the first probe
    private long _alive;
    private long _timedOut;
    private long _unreachable;
    private long _unresolved;
    private long _lastProgress;
    private TimeSpan? _minRtt;
    private TimeSpan? _maxRtt;
    private TimeSpan _sumRtt;

    private long Completed => Interlocked.Read(ref _alive) + Interlocked.Read(ref _timedOut)
        + Interlocked.Read(ref _unreachable) + Interlocked.Read(ref _unresolved);

    // Both paths, before each probe leaves; now is a timestamp of the plan's clock.
    private void CountSent(long now)
    {
        if (Interlocked.Read(ref _firstSend) == NotSent)
        {
            Interlocked.CompareExchange(ref _firstSend, now, NotSent);
        }

        Interlocked.Increment(ref _sent);
    }

    private void Record(PingResult result)
    {
        _metrics.Result(result);
        switch (result.Status)
        {
            case PingStatus.Alive:
                lock (_statsLock)
                {
                    var rtt = result.RoundTripTime!.Value;
                    _minRtt = _minRtt is { } min && min <= rtt ? min : rtt;
                    _maxRtt = _maxRtt is { } max && max >= rtt ? max : rtt;
                    _sumRtt += rtt;
                }

                Interlocked.Increment(ref _alive);
                break;
            case PingStatus.Unreachable:
                Interlocked.Increment(ref _unreachable);
                break;
            case PingStatus.NameNotResolved:
                Interlocked.Increment(ref _unresolved);
                break;
            default:
                Interlocked.Increment(ref _timedOut);
                break;
        }
    }

    private SweepProgress Snapshot() => new(Interlocked.Read(ref _sent), Interlocked.Read(ref _alive), _targets.Count - Completed);

    // At most every 50 ms: a /16 would otherwise post 200,000 reports.
    private void ReportProgress(bool force)
    {
        if (_progress is null)
        {
            return;
        }

        var now = _plan.Time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastProgress);
        if (force || (now - last >= ProgressInterval && Interlocked.CompareExchange(ref _lastProgress, now, last) == last))
        {
            _progress.Report(Snapshot());
        }
    }

    private SweepSummary BuildSummary()
    {
        var first = Interlocked.Read(ref _firstSend);
        var elapsed = first == NotSent ? TimeSpan.Zero : _plan.Time.GetElapsedTime(first);
        var alive = Interlocked.Read(ref _alive);
        var completed = Completed;
        lock (_statsLock)
        {
            return new SweepSummary
            {
                Engine = Engine,
                Targets = _targets.Count,
                Completed = completed,
                Alive = alive,
                TimedOut = Interlocked.Read(ref _timedOut),
                Unreachable = Interlocked.Read(ref _unreachable),
                NotResolved = Interlocked.Read(ref _unresolved),
                ProbesSent = Interlocked.Read(ref _sent),
                Elapsed = elapsed,
                Cancelled = completed < _targets.Count,
                MinRoundTripTime = _minRtt,
                MaxRoundTripTime = _maxRtt,
                AverageRoundTripTime = alive > 0 ? _sumRtt / alive : null,
            };
        }
    }
}
