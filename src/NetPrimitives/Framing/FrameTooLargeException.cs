namespace NetPrimitives.Framing;

/// <summary>
/// A frame (or an end-of-stream message) is longer than the configured maximum. The framer throws it as
/// soon as it knows the length, before it buffers or allocates any of the payload.
/// </summary>
public sealed class FrameTooLargeException : FramingException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="length">The payload length seen on the wire, in bytes (for an end-of-stream message: the bytes received so far).</param>
    /// <param name="maxLength">The maximum allowed, in bytes.</param>
    public FrameTooLargeException(ulong length, long maxLength)
        : this(length, maxLength, $"A frame declares a payload of {length} bytes, more than the maximum of {maxLength} bytes; it was refused before any of it was buffered.")
    {
    }

    /// <summary>Creates the exception with a message of your own.</summary>
    /// <param name="length">The payload length seen, in bytes.</param>
    /// <param name="maxLength">The maximum allowed, in bytes.</param>
    /// <param name="message">What happened.</param>
    public FrameTooLargeException(ulong length, long maxLength, string message)
        : base(message)
    {
        Length = length;
        MaxLength = maxLength;
    }

    /// <summary>The payload length seen, in bytes. Unsigned: an 8-byte or varint prefix can declare up to 2^64-1.</summary>
    public ulong Length { get; }

    /// <summary>The maximum payload length allowed, in bytes.</summary>
    public long MaxLength { get; }
}
