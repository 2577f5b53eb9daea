namespace NetPrimitives.Smtp;

/// <summary>
/// A command's timeout (RFC 5321 §4.5.3.2, see <see cref="SmtpClientRawOptions"/>) expired. The session is
/// over: the client cannot know where in the conversation the server is.
/// </summary>
public sealed class SmtpTimeoutException : SmtpException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="command">The command that timed out, secrets masked; empty for the greeting.</param>
    /// <param name="timeout">The timeout that expired.</param>
    public SmtpTimeoutException(string command, TimeSpan timeout)
        : base($"The SMTP server did not answer {(command.Length == 0 ? "with its greeting" : command)} within {timeout}.")
    {
        Command = command;
        Timeout = timeout;
    }

    /// <summary>The command that timed out; empty for the greeting.</summary>
    public string Command { get; }

    /// <summary>The timeout that expired.</summary>
    public TimeSpan Timeout { get; }
}
