namespace NetPrimitives.Http;

/// <summary>
/// A request the server refuses to read any further: malformed, too large or unsupported. It carries the
/// status code to answer with (400, 408, 413, 414, 417, 431, 501 or 505) and a short reason; after answering,
/// the server closes the connection, because the framing of anything that follows cannot be trusted.
/// </summary>
public sealed class HttpParseException : Exception
{
    /// <summary>Creates the exception with status 400.</summary>
    public HttpParseException()
        : this(400, "Bad Request")
    {
    }

    /// <summary>Creates the exception with status 400 and a reason.</summary>
    /// <param name="message">The reason, used as <see cref="Reason"/>.</param>
    public HttpParseException(string message)
        : this(400, message)
    {
    }

    /// <summary>Creates the exception with status 400, a reason and the error that caused it.</summary>
    /// <param name="message">The reason, used as <see cref="Reason"/>.</param>
    /// <param name="innerException">The cause.</param>
    public HttpParseException(string message, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
        Reason = message;
    }

    /// <summary>Creates the exception with the status code to answer and a reason.</summary>
    /// <param name="statusCode">The 4xx or 5xx status code the server answers with.</param>
    /// <param name="reason">What was wrong, in a few words (safe to show to the client: no request data beyond names).</param>
    public HttpParseException(int statusCode, string reason)
        : base($"{statusCode}: {reason}")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        StatusCode = statusCode;
        Reason = reason;
    }

    /// <summary>The status code to answer with, e.g. 400, 413, 414, 431, 501 or 505.</summary>
    public int StatusCode { get; }

    /// <summary>What was wrong, in a few words.</summary>
    public string Reason { get; }
}
