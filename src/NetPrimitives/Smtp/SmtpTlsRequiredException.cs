namespace NetPrimitives.Smtp;

/// <summary>
/// TLS was required (<see cref="SmtpStartTlsPolicy.Required"/>) but the server does not offer STARTTLS, or
/// refused it. Nothing but EHLO was sent in plain text; the session is closed.
/// </summary>
public sealed class SmtpTlsRequiredException : SmtpException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why TLS could not be started.</param>
    /// <param name="innerException">The refusal, if any.</param>
    public SmtpTlsRequiredException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
