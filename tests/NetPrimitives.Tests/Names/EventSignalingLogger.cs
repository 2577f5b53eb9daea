using Microsoft.Extensions.Logging;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.Tests.Names;

/// <summary>A logger that lets a test wait for the code under test to log an event: a signal, not a sleep.</summary>
internal sealed class EventSignalingLogger : ILogger
{
    private readonly CountedSignals<int> _logged = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _logged.Add(eventId.Id);

    /// <summary>Completes once event <paramref name="eventId"/> has been logged <paramref name="count"/> times.</summary>
    public Task WaitForAsync(int eventId, int count = 1) => _logged.WaitAsync(eventId, count);
}
