using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace NetPrimitives.Tests.Transport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells the test when the code under test arms a timer and for how long
/// ("the server now waits for the headers, 30 s"): the signal to move time, instead of a guess on the wall clock.
/// </summary>
internal sealed class SignalingClock : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _armed = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, base.CreateTimer(callback, state, dueTime, period));
        Armed(dueTime);
        return timer;
    }

    /// <summary>Waits until a timer is armed (created or changed) to fire after exactly <paramref name="dueTime"/>.</summary>
    public async Task ArmedAsync(TimeSpan dueTime)
    {
        using var deadline = new CancellationTokenSource(PipeRead.Timeout);
        try
        {
            while (await _armed.Reader.ReadAsync(deadline.Token) != dueTime)
            {
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no timer was armed for {dueTime} within {PipeRead.Timeout}");
        }
    }

    /// <summary>Waits until a timer is armed for <paramref name="dueTime"/>, then moves the clock that far.</summary>
    public async Task AdvanceWhenArmedAsync(TimeSpan dueTime)
    {
        await ArmedAsync(dueTime);
        Advance(dueTime);
    }

    private void Armed(TimeSpan dueTime)
    {
        if (dueTime != global::System.Threading.Timeout.InfiniteTimeSpan)
        {
            _armed.Writer.TryWrite(dueTime);
        }
    }

    private sealed class Timer(SignalingClock clock, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            clock.Armed(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
