using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NetPrimitives.Tests.Udp;

/// <summary>Collects log entries (level, event id, message) for assertions, and signals the ones a test waits for.</summary>
internal sealed class TestLogger<T> : ILogger<T>
{
    private readonly List<(Func<(LogLevel Level, int EventId, string Message), bool> Match, int Count, TaskCompletionSource Done)> _waiters = [];

    public ConcurrentQueue<(LogLevel Level, int EventId, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_waiters)
        {
            Entries.Enqueue((logLevel, eventId.Id, formatter(state, exception)));
            Signal();
        }
    }

    /// <summary>Completes once <paramref name="count"/> entries with <paramref name="eventId"/> (and <paramref name="containing"/>) were logged.</summary>
    public Task WaitForAsync(int eventId, int count = 1, string containing = "")
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((e => e.EventId == eventId && e.Message.Contains(containing, StringComparison.Ordinal), count, done));
            Signal();
        }

        return done.Task.WaitAsync(UdpTestPeer.Wait);
    }

    public int Count(int eventId) => Entries.Count(e => e.EventId == eventId);

    private void Signal()
    {
        foreach (var waiter in _waiters)
        {
            if (!waiter.Done.Task.IsCompleted && Entries.Count(waiter.Match) >= waiter.Count)
            {
                waiter.Done.TrySetResult();
            }
        }
    }
}
