namespace NetPrimitives.Ping;

/// <summary>Counts running per-target tasks without keeping them, and remembers the first real failure.</summary>
internal sealed class InFlightCounter(Action onFailure)
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running = 1; // the producer's own share, released by WhenAllAsync
    private Exception? _failure;

    public void Start(Task task)
    {
        Interlocked.Increment(ref _running);
        task.ContinueWith(static (t, state) => ((InFlightCounter)state!).Finished(t), this,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits for every started task; returns the first failure that was not a cancellation.</summary>
    public async Task<Exception?> WhenAllAsync()
    {
        Finished(Task.CompletedTask);
        await _drained.Task.ConfigureAwait(false);
        return _failure;
    }

    private void Finished(Task task)
    {
        if (task.IsFaulted)
        {
            if (Interlocked.CompareExchange(ref _failure, task.Exception!.InnerException, null) is null)
            {
                onFailure(); // stop sending: a broken engine would fail every remaining target the same way
            }
        }

        if (Interlocked.Decrement(ref _running) == 0)
        {
            _drained.TrySetResult();
        }
    }
}
