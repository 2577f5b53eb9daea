namespace NetPrimitives.Smtp;

/// <summary>
/// The server broke the protocol: a malformed or oversized reply, a reply line with a different code from the
/// line before, a reply where none was expected. The connection cannot be trusted afterwards.
/// </summary>
public sealed class SmtpProtocolException : SmtpException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    public SmtpProtocolException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
