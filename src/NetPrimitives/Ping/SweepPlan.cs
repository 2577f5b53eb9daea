using System.Net;
using NetPrimitives.Ping.Engines;

namespace NetPrimitives.Ping;

/// <summary>
/// The rules of a sweep, once for both of its paths (PingSweep.Run.cs, a task per target in flight; PingSweep.Polling.cs,
/// one loop thread): how many probes may be in flight, when the next may leave (the rate), how long each attempt waits,
/// whether a target is tried again, and what result it gets. The paths differ only in how they send and wait.
/// </summary>
internal sealed class SweepPlan
{
    // The longest wait every engine's timer takes (CancelAfter throws beyond it, about 24.8 days): the longest backoffs
    // (a minute times 5^20) wait this long instead of failing the sweep.
    private static readonly TimeSpan LongestTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    private readonly RateLimiter _rate;
    private readonly TimeSpan[] _timeouts;  // by attempt - 1
    // The same in the clock's timestamp units, so a deadline is one addition; exact for a clock that counts TimeSpan
    // ticks (FakeTimeProvider), so a test that moves the clock by a timeout lands on the deadline.
    private readonly long[] _timeoutStamps;

    public SweepPlan(PingSweeperOptions options, int engineConcurrency)
    {
        Time = options.TimeProvider;
        Concurrency = Math.Min(options.MaxConcurrency, engineConcurrency);
        _rate = new RateLimiter(options.RatePerSecond, Time);

        // fping's model (-t, -r, -B): attempt n waits Timeout * BackoffFactor^(n-1).
        _timeouts = new TimeSpan[options.Retries + 1];
        _timeoutStamps = new long[_timeouts.Length];
        for (var i = 0; i < _timeouts.Length; i++)
        {
            var ticks = options.Timeout.Ticks * Math.Pow(options.BackoffFactor, i);
            _timeouts[i] = ticks >= LongestTimeout.Ticks ? LongestTimeout : TimeSpan.FromTicks((long)ticks);
            _timeoutStamps[i] = (long)((Int128)_timeouts[i].Ticks * Time.TimestampFrequency / TimeSpan.TicksPerSecond);
        }
    }

    /// <summary>The sweep's clock: deadlines, send slots, progress intervals and the summary's elapsed time.</summary>
    public TimeProvider Time { get; }

    /// <summary>Probes in flight at most: the option, or the engine's own bound when smaller.</summary>
    public int Concurrency { get; }

    /// <summary>How long attempt <paramref name="attempt"/> (from 1) waits for its answer.</summary>
    public TimeSpan TimeoutOf(int attempt) => _timeouts[attempt - 1];

    /// <summary>When attempt <paramref name="attempt"/>, sent at <paramref name="sentAt"/> (a timestamp of <see cref="Time"/>), expires.</summary>
    public long DeadlineOf(int attempt, long sentAt) => sentAt + _timeoutStamps[attempt - 1];

    /// <summary>Reserves the next send slot: the timestamp the probe may leave at (at or before <paramref name="now"/>: at once).</summary>
    public long ReserveSendSlot(long now) => _rate.Reserve(now);

    /// <summary>Reserves the next send slot and waits for it on <see cref="Time"/>.</summary>
    public ValueTask WaitForSendSlotAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetTimestamp();
        var slot = _rate.Reserve(now);
        return slot <= now ? ValueTask.CompletedTask : new ValueTask(Task.Delay(Time.GetElapsedTime(now, slot), Time, cancellationToken));
    }

    /// <summary>
    /// Whether the target is tried again after <paramref name="attempt"/> ended with <paramref name="outcome"/>: silence
    /// is retried while attempts are left; an answer, or an ICMP error, is final.
    /// </summary>
    public bool TriesAgain(int attempt, ProbeOutcome outcome) => outcome.Status == ProbeStatus.TimedOut && attempt < _timeouts.Length;

    /// <summary>The result a target gets from the outcome of its last attempt.</summary>
    public static PingResult Result(string target, IPAddress address, int attempts, ProbeOutcome outcome) => outcome.Status switch
    {
        ProbeStatus.Alive => new PingResult(target, address, PingStatus.Alive, attempts) { RoundTripTime = outcome.RoundTripTime, Ttl = outcome.Ttl },
        ProbeStatus.Unreachable => new PingResult(target, address, PingStatus.Unreachable, attempts)
        {
            IcmpType = outcome.IcmpType,
            IcmpCode = outcome.IcmpCode,
            ReportedBy = outcome.ReportedBy,
        },
        _ => new PingResult(target, address, PingStatus.TimedOut, attempts),
    };
}
