using Microsoft.Extensions.Time.Testing;

namespace NetPrimitives.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells when the code under test has armed a timer, so that a test moves
/// the clock exactly when a timeout is pending: wait for the timer, then <see cref="FakeTimeProvider.Advance"/>.
/// A timeout's timer is identified by its due time (give each timeout of a test its own length).
/// </summary>
internal sealed class SignalingTimeProvider : FakeTimeProvider
{
    private readonly CountedSignals<TimeSpan> _created = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _created.Add(dueTime);
        return timer;
    }

    /// <summary>Completes once <paramref name="count"/> timers due after <paramref name="dueTime"/> have been created.</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime, int count = 1) => _created.WaitAsync(dueTime, count);

    /// <summary>Waits for the <paramref name="count"/>th timer due after <paramref name="dueTime"/>, then moves the clock by that much.</summary>
    public async Task ExpireAsync(TimeSpan dueTime, int count = 1)
    {
        await WaitForTimerAsync(dueTime, count);
        Advance(dueTime);
    }
}
