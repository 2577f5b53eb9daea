using Microsoft.Extensions.Logging;

namespace NetPrimitives.Tests.Smtp;

/// <summary>Keeps every log entry with its event id.</summary>
internal sealed class CapturingLogger : ILogger
{
    private readonly object _gate = new();

    public List<(int EventId, LogLevel Level, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate)
        {
            Entries.Add((eventId.Id, logLevel, formatter(state, exception)));
        }
    }
}
