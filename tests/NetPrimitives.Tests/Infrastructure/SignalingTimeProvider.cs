using Microsoft.Extensions.Time.Testing;

namespace NetPrimitives.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells when the code under test has armed a timer, so that a test moves
/// the clock exactly when a timeout is pending: wait for the timer, then <see cref="FakeTimeProvider.Advance"/>.
/// A timeout's timer is identified by its due time (give each timeout of a test its own length).
/// </summary>
internal sealed class SignalingTimeProvider : FakeTimeProvider
{
    private readonly object _gate = new();
    private readonly Dictionary<TimeSpan, int> _created = [];
    private readonly List<(TimeSpan Due, int Count, TaskCompletionSource Created)> _waiters = [];

    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _created[dueTime] = _created.GetValueOrDefault(dueTime) + 1;
            foreach (var waiter in _waiters.Where(w => w.Due == dueTime && w.Count <= _created[dueTime]).ToArray())
            {
                _waiters.Remove(waiter);
                waiter.Created.SetResult();
            }
        }

        return timer;
    }

    /// <summary>Completes once <paramref name="count"/> timers due after <paramref name="dueTime"/> have been created (guarded by 30 s).</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime, int count = 1)
    {
        lock (_gate)
        {
            if (_created.GetValueOrDefault(dueTime) >= count)
            {
                return Task.CompletedTask;
            }

            var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((dueTime, count, created));
            return created.Task.WaitAsync(Guard);
        }
    }

    /// <summary>Waits for the <paramref name="count"/>th timer due after <paramref name="dueTime"/>, then moves the clock by that much.</summary>
    public async Task ExpireAsync(TimeSpan dueTime, int count = 1)
    {
        await WaitForTimerAsync(dueTime, count);
        Advance(dueTime);
    }
}
