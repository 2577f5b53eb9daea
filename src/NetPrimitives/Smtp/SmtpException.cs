namespace NetPrimitives.Smtp;

/// <summary>The base of every error the SMTP client reports. An <see cref="IOException"/>, like the socket errors it may wrap.</summary>
public class SmtpException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    public SmtpException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
