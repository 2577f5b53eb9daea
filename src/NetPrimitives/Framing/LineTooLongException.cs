namespace NetPrimitives.Framing;

/// <summary>
/// A line is longer than <see cref="LineFramerOptions.MaxLineLength"/>. Thrown as soon as the framer has
/// seen more bytes than a valid line could take, without buffering further.
/// </summary>
public sealed class LineTooLongException : FramingException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="length">The line length seen, in bytes, without its ending (a lower bound when no ending arrived yet).</param>
    /// <param name="maxLength">The maximum line length, in bytes.</param>
    public LineTooLongException(long length, int maxLength)
        : base($"A line of at least {length} bytes exceeds the maximum of {maxLength} bytes.")
    {
        Length = length;
        MaxLength = maxLength;
    }

    /// <summary>The line length seen, in bytes, without its ending; a lower bound when no line ending arrived yet.</summary>
    public long Length { get; }

    /// <summary>The maximum line length, in bytes.</summary>
    public int MaxLength { get; }
}
