namespace NetPrimitives.Testing;

/// <summary>What a parser produced from one delivery plan of an input (see <see cref="ParserHarness.Feed{T}(MessageParser{T}, IEnumerable{ReadOnlyMemory{byte}}, FeedOptions?)"/>).</summary>
/// <typeparam name="T">The message type.</typeparam>
public sealed class FeedResult<T>
{
    internal FeedResult(IReadOnlyList<T> messages, long remainingBytes, Exception? exception, string plan)
    {
        Messages = messages;
        RemainingBytes = remainingBytes;
        Exception = exception;
        Plan = plan;
    }

    /// <summary>The messages read, in order.</summary>
    public IReadOnlyList<T> Messages { get; }

    /// <summary>Bytes left unconsumed after the last delivery (a partial message, or bytes after an error).</summary>
    public long RemainingBytes { get; }

    /// <summary>The exception the parser threw, or <see langword="null"/>. Parsing stops at the first one.</summary>
    public Exception? Exception { get; }

    /// <summary>How the input was delivered, for messages: for example <c>[0..5) [5..12)</c>.</summary>
    public string Plan { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Messages.Count} message(s), {RemainingBytes} byte(s) left"
        + (Exception is null ? string.Empty : $", threw {Exception.GetType().Name}")
        + $" with deliveries {Plan}";
}
