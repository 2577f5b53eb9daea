namespace NetPrimitives.Ping;

/// <summary>
/// A token bucket kept as a virtual schedule (GCRA): each probe reserves the next send slot, and a burst of
/// 10 ms worth of slots absorbs timer granularity, so the long-run rate holds even though a timer sleeps
/// in whole milliseconds. Thread-safe. Timestamps are the sweep's TimeProvider's.
/// </summary>
internal sealed class RateLimiter
{
    private readonly long _interval; // timestamp units per probe
    private readonly long _burst;    // timestamp units of credit an idle bucket may hold
    private readonly object _lock = new();
    private long _next;

    public RateLimiter(int ratePerSecond, TimeProvider time)
    {
        if (ratePerSecond > 0)
        {
            _interval = Math.Max(1, time.TimestampFrequency / ratePerSecond);
            _burst = Math.Max(_interval, time.TimestampFrequency / 100);
        }

        _next = time.GetTimestamp();
    }

    public bool Unlimited => _interval == 0;

    /// <summary>Reserves a slot and returns its timestamp: at or before <paramref name="now"/> when the bucket has credit.</summary>
    public long Reserve(long now)
    {
        if (Unlimited)
        {
            return now;
        }

        lock (_lock)
        {
            var slot = Math.Max(_next, now - _burst);
            _next = slot + _interval;
            return slot;
        }
    }
}
