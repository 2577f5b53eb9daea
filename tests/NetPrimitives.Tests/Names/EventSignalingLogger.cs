using Microsoft.Extensions.Logging;

namespace NetPrimitives.Tests.Names;

/// <summary>A logger that lets a test wait for the code under test to log an event: a signal, not a sleep.</summary>
internal sealed class EventSignalingLogger : ILogger
{
    private readonly Dictionary<int, int> _seen = [];
    private readonly List<(int EventId, int Count, TaskCompletionSource Logged)> _waiters = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_waiters)
        {
            _seen[eventId.Id] = _seen.GetValueOrDefault(eventId.Id) + 1;
            foreach (var waiter in _waiters.Where(w => w.EventId == eventId.Id && w.Count <= _seen[eventId.Id]).ToArray())
            {
                _waiters.Remove(waiter);
                waiter.Logged.SetResult();
            }
        }
    }

    /// <summary>Completes once event <paramref name="eventId"/> has been logged <paramref name="count"/> times (guarded by 30 s).</summary>
    public Task WaitForAsync(int eventId, int count = 1)
    {
        lock (_waiters)
        {
            if (_seen.GetValueOrDefault(eventId) >= count)
            {
                return Task.CompletedTask;
            }

            var logged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((eventId, count, logged));
            return logged.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
