namespace NetPrimitives.Tests.Infrastructure;

/// <summary>
/// Counts events by key and lets a test wait until a key has been seen a number of times: a signal to wait on,
/// never a sleep. Each wait is guarded by 30 s so that a missing event fails the test instead of hanging it.
/// </summary>
internal sealed class CountedSignals<TKey>
    where TKey : notnull
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly Dictionary<TKey, int> _seen = [];
    private readonly List<(TKey Key, int Count, TaskCompletionSource Reached)> _waiters = [];

    public void Add(TKey key)
    {
        lock (_waiters)
        {
            var seen = _seen[key] = _seen.GetValueOrDefault(key) + 1;
            foreach (var waiter in _waiters.Where(w => EqualityComparer<TKey>.Default.Equals(w.Key, key) && w.Count <= seen).ToArray())
            {
                _waiters.Remove(waiter);
                waiter.Reached.SetResult();
            }
        }
    }

    public Task WaitAsync(TKey key, int count)
    {
        lock (_waiters)
        {
            if (_seen.GetValueOrDefault(key) >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((key, count, reached));
            return reached.Task.WaitAsync(Guard);
        }
    }
}
