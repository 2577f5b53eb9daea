namespace NetPrimitives.Tests.Ping;

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
