namespace NetPrimitives.Smtp;

/// <summary>
/// The server refused service: a 421 or 554 greeting (RFC 5321 §3.1, §4.2.5), or a 421 reply to any command,
/// after which the server closes the connection. The session is over.
/// </summary>
public sealed class SmtpServiceNotAvailableException : SmtpCommandException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="command">The command answered with 421, or empty for the greeting.</param>
    /// <param name="reply">The server's reply.</param>
    public SmtpServiceNotAvailableException(string command, SmtpReply reply)
        : base(command, reply)
    {
    }
}
