using Microsoft.Extensions.Time.Testing;

namespace NetPrimitives.Tests.Infrastructure;

/// <summary>
/// The one fake clock of the tests: a <see cref="FakeTimeProvider"/> that tells when the code under test arms a
/// timer, so that a test moves time exactly when a timeout is pending ("the server now waits for the headers, 30 s")
/// instead of guessing on the wall clock. A timeout is told apart by its due time: give each timeout of a test its
/// own length. It also counts the timers armed and not yet fired (<see cref="PendingTimers"/>), for tests that move
/// the clock only once the code has settled at the present instant, and says when anything changed.
/// </summary>
internal sealed class SignalingTimeProvider : FakeTimeProvider
{
    private readonly CountedSignals<TimeSpan> _armed = new();
    private int _pendingTimers;

    /// <summary>Raised after each <see cref="Advance"/>, with the clock at its new time.</summary>
    public event Action? Moved;

    /// <summary>Raised after each <see cref="Advance"/> and whenever <see cref="PendingTimers"/> changes.</summary>
    public event Action? Changed;

    /// <summary>Timers armed on this clock that have neither fired nor been disposed (nor disarmed).</summary>
    public int PendingTimers => Volatile.Read(ref _pendingTimers);

    /// <summary>Moves the clock (firing what falls due), then raises <see cref="Moved"/> and <see cref="Changed"/>.</summary>
    public new void Advance(TimeSpan delta)
    {
        base.Advance(delta);
        Moved?.Invoke();
        Changed?.Invoke();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ArmedTimer(this, callback, state);
        timer.Inner = base.CreateTimer(static t => ((ArmedTimer)t!).Fire(), timer, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Completes once timers have been armed (created or changed) <paramref name="count"/> times for <paramref name="dueTime"/>.</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime, int count = 1) => _armed.WaitAsync(dueTime, count);

    /// <summary>Waits for the <paramref name="count"/>th arming for <paramref name="dueTime"/>, then moves the clock by that much.</summary>
    public async Task ExpireAsync(TimeSpan dueTime, int count = 1)
    {
        await WaitForTimerAsync(dueTime, count);
        Advance(dueTime);
    }

    private void CountPending(int delta)
    {
        Interlocked.Add(ref _pendingTimers, delta);
        Changed?.Invoke();
    }

    // Pending while armed, and only once armed: Task.Delay creates its timer unarmed and arms it after, and a test that
    // moved the clock in between would arm it late. One-shot for the count: the code's timers are delays and timeouts.
    private sealed class ArmedTimer(SignalingTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private readonly Lock _lock = new();
        private bool _armed;
        private bool _disposed;
        private int _fires;

        public ITimer Inner { get; set; } = null!;

        public void Fire()
        {
            Disarm(fired: true);
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
                    clock.CountPending(+1);
                }

                clock._armed.Add(dueTime);
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
                clock.CountPending(-1);
            }
        }
    }
}
