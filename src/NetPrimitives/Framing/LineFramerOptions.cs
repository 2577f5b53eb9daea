namespace NetPrimitives.Framing;

/// <summary>How a <see cref="LineFramer"/> splits and writes lines. Validated when the framer is constructed.</summary>
public sealed class LineFramerOptions
{
    /// <summary>The default <see cref="MaxLineLength"/>: 8 KiB (8,192 bytes).</summary>
    public const int DefaultMaxLineLength = 8 * 1024;

    /// <summary>Which byte sequences end a line when reading. Default: <see cref="LineEnding.LfOrCrLf"/>.</summary>
    public LineEnding LineEnding { get; set; } = LineEnding.LfOrCrLf;

    /// <summary>
    /// The longest line accepted when reading, in bytes, not counting its ending. Default: 8 KiB (8,192).
    /// The framer looks at no more than this many bytes plus the ending's before it throws
    /// <see cref="LineTooLongException"/>, so a peer that never sends a line ending cannot make it buffer
    /// more. Must be at least 1.
    /// </summary>
    public int MaxLineLength { get; set; } = DefaultMaxLineLength;

    /// <summary>
    /// The ending written after each line, or <see langword="null"/> (the default) to follow
    /// <see cref="LineEnding"/>: LF for <see cref="LineEnding.Lf"/>, CR LF otherwise.
    /// </summary>
    public LineTerminator? WriteTerminator { get; set; }

    internal LineFramerOptions Clone() => new()
    {
        LineEnding = LineEnding,
        MaxLineLength = MaxLineLength,
        WriteTerminator = WriteTerminator,
    };
}
