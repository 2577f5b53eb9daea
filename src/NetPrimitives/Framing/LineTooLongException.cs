namespace NetPrimitives.Framing;

/// <summary>
/// A line is longer than <see cref="LineFramerOptions.MaxLineLength"/>. Thrown as soon as the framer has
/// seen more bytes than a valid line could take, without buffering further.
/// </summary>
/// <param name="length">The line length seen, in bytes, without its ending (a lower bound when no ending arrived yet).</param>
/// <param name="maxLength">The maximum line length, in bytes.</param>
public sealed class LineTooLongException(long length, int maxLength)
    : FramingException($"A line of at least {length} bytes exceeds the maximum of {maxLength} bytes.")
{
    /// <summary>The line length seen, in bytes, without its ending; a lower bound when no line ending arrived yet.</summary>
    public long Length { get; } = length;

    /// <summary>The maximum line length, in bytes.</summary>
    public int MaxLength { get; } = maxLength;
}
