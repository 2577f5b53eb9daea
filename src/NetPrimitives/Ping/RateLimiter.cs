namespace NetPrimitives.Ping;

/// <summary>
/// A token bucket kept as a virtual schedule (GCRA): each probe reserves the next send slot, and a burst of
/// 10 ms worth of slots absorbs timer granularity, so the long-run rate holds even though Task.Delay sleeps
/// in whole milliseconds. Thread-safe.
/// </summary>
internal sealed class RateLimiter
{
    private readonly TimeProvider _time;
    private readonly long _interval; // timestamp units per probe
    private readonly long _burst;    // timestamp units of credit an idle bucket may hold
    private readonly object _lock = new();
    private long _next;

    public RateLimiter(int ratePerSecond, TimeProvider time)
    {
        _time = time;
        if (ratePerSecond > 0)
        {
            _interval = Math.Max(1, time.TimestampFrequency / ratePerSecond);
            _burst = Math.Max(_interval, time.TimestampFrequency / 100);
        }

        _next = time.GetTimestamp();
    }

    public bool Unlimited => _interval == 0;

    /// <summary>Reserves a slot and returns how long to wait for it (zero when the bucket has credit).</summary>
    public TimeSpan Reserve(long now)
    {
        if (Unlimited)
        {
            return TimeSpan.Zero;
        }

        long slot;
        lock (_lock)
        {
            slot = Math.Max(_next, now - _burst);
            _next = slot + _interval;
        }

        var ahead = slot - now;
        return ahead <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)ahead / _time.TimestampFrequency);
    }

    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        var wait = Reserve(_time.GetTimestamp());
        return wait <= TimeSpan.Zero ? ValueTask.CompletedTask : new ValueTask(Task.Delay(wait, _time, cancellationToken));
    }
}
