namespace NetPrimitives.Framing;

/// <summary>
/// The length prefix itself is malformed: a varint longer than 10 bytes or above 2^64-1, or (when the
/// length includes the prefix) a length smaller than the prefix.
/// </summary>
public sealed class InvalidFrameException : FramingException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the prefix.</param>
    public InvalidFrameException(string message)
        : base(message)
    {
    }
}
