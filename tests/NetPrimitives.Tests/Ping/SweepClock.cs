using Microsoft.Extensions.Time.Testing;

namespace NetPrimitives.Tests.Ping;

/// <summary>
/// The fake clock of the sweep tests. Time moves only when a test calls <see cref="Advance"/>, which tells the fake
/// pinger afterwards (its answers and timeouts fall due, its poll wakes) and counts the timers that wait on the clock:
/// a test moves the clock once the sweep has settled at the present instant, or a timer started late would fire late.
/// </summary>
internal sealed class SweepClock(Conditions conditions) : FakeTimeProvider
{
    private int _pendingTimers;

    /// <summary>Called after each move, with the clock at its new time.</summary>
    public event Action? Moved;

    /// <summary>Timers armed on this clock that have neither fired nor been disposed (the sweep's own waits).</summary>
    public int PendingTimers => Volatile.Read(ref _pendingTimers);

    public new void Advance(TimeSpan delta)
    {
        base.Advance(delta);
        Moved?.Invoke();
        conditions.Changed();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new CountedTimer(this, callback, state);
        timer.Inner = base.CreateTimer(static t => ((CountedTimer)t!).Fire(), timer, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Count(int delta)
    {
        Interlocked.Add(ref _pendingTimers, delta);
        conditions.Changed();
    }

    // Counted while armed, and only once armed: Task.Delay creates its timer unarmed and arms it after, and a test that
    // moved the clock in between would arm it late.
    private sealed class CountedTimer(SweepClock clock, TimerCallback callback, object? state) : ITimer
    {
        private readonly Lock _lock = new();
        private bool _armed;
        private bool _disposed;
        private int _fires;

        public ITimer Inner { get; set; } = null!;

        public void Fire()
        {
            Disarm(fired: true); // one-shot: the sweep's timers are delays and timeouts
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Disarm(fired: false);
            int fires;
            lock (_lock)
            {
                fires = _fires;
            }

            var changed = Inner.Change(dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                var armed = false;
                lock (_lock)
                {
                    if (_fires == fires && !_armed && !_disposed)
                    {
                        armed = _armed = true; // not when it fired meanwhile (a due time of zero fires at once)
                    }
                }

                if (armed)
                {
                    clock.Count(+1);
                }
            }

            return changed;
        }

        public void Dispose()
        {
            lock (_lock)
            {
                _disposed = true;
            }

            Disarm(fired: false);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Disarm(bool fired)
        {
            bool was;
            lock (_lock)
            {
                _fires += fired ? 1 : 0;
                was = _armed;
                _armed = false;
            }

            if (was)
            {
                clock.Count(-1);
            }
        }
    }
}

/// <summary>Conditions a test awaits (a count reached, a loop parked), checked again whenever something changes.</summary>
internal sealed class Conditions
{
    private readonly Lock _lock = new();
    private readonly List<(Func<bool> Condition, TaskCompletionSource Met)> _waiting = [];

    /// <summary>Completes when <paramref name="condition"/> holds; fails after <see cref="SweepTestKit.Deadline"/> naming <paramref name="what"/>.</summary>
    public async Task Until(Func<bool> condition, string what)
    {
        var met = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waiting.Add((condition, met));
        }

        Changed(); // it may hold already
        try
        {
            await met.Task.WaitAsync(SweepTestKit.Deadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Still waiting for {what}.");
        }
    }

    public void Changed()
    {
        (Func<bool> Condition, TaskCompletionSource Met)[] waiting;
        lock (_lock)
        {
            waiting = [.. _waiting];
        }

        foreach (var entry in waiting)
        {
            if (entry.Condition())
            {
                lock (_lock)
                {
                    _waiting.Remove(entry);
                }

                entry.Met.TrySetResult();
            }
        }
    }
}
