namespace NetPrimitives.Framing;

/// <summary>
/// The stream or pipe ended inside a frame: in its length prefix, in its payload, or (for lines) before
/// the line ending. The bytes already received are reported; they are not a message.
/// </summary>
public sealed class TruncatedFrameException : FramingException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="bytesExpected">The bytes the frame needs in total, prefix included (a lower bound when the prefix itself was cut).</param>
    /// <param name="bytesReceived">The bytes of the frame received before the end.</param>
    public TruncatedFrameException(long bytesExpected, long bytesReceived)
        : this(bytesExpected, bytesReceived, $"The stream ended inside a frame: {bytesReceived} of {bytesExpected} expected bytes received.")
    {
    }

    /// <summary>Creates the exception with a message of your own.</summary>
    /// <param name="bytesExpected">The bytes the frame needs in total (a lower bound when unknown).</param>
    /// <param name="bytesReceived">The bytes of the frame received before the end.</param>
    /// <param name="message">What happened.</param>
    public TruncatedFrameException(long bytesExpected, long bytesReceived, string message)
        : base(message)
    {
        BytesExpected = bytesExpected;
        BytesReceived = bytesReceived;
    }

    /// <summary>
    /// The bytes the frame needs in total, length prefix included. When the stream ended inside a varint
    /// prefix or before a line ending, this is a lower bound (one more than received).
    /// </summary>
    public long BytesExpected { get; }

    /// <summary>The bytes of the unfinished frame that were received.</summary>
    public long BytesReceived { get; }
}
