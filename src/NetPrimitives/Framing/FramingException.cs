namespace NetPrimitives.Framing;

/// <summary>
/// The base of every framing error: the bytes on the wire do not form a valid frame or line under the
/// framer's options. It derives from <see cref="IOException"/> so code that already handles I/O errors of a
/// connection handles bad framing the same way (close that connection, keep serving the others).
/// </summary>
public class FramingException : IOException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public FramingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public FramingException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
