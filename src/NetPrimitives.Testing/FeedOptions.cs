namespace NetPrimitives.Testing;

/// <summary>How <see cref="ParserHarness"/> delivers bytes to a parser.</summary>
public sealed class FeedOptions
{
    /// <summary>
    /// Overwrite bytes with <c>0xDD</c> once the parser has consumed them and the delivery loop has moved
    /// on, as a pipe may reuse released memory. A parser that keeps references into released buffers
    /// then produces visibly wrong messages. Default: <see langword="true"/>.
    /// </summary>
    public bool PoisonConsumedBytes { get; set; } = true;

    /// <summary>
    /// The most messages the parser may return from one delivery without consuming a byte before the
    /// harness calls it a parser bug (an endless loop). Default: 1,000,000.
    /// </summary>
    public int MaxMessagesWithoutProgress { get; set; } = 1_000_000;
}
