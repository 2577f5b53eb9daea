namespace NetPrimitives.Smtp;

/// <summary>The server closed the connection (or it broke) before the reply to a command arrived.</summary>
public sealed class SmtpConnectionClosedException : SmtpException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="command">The command waiting for a reply, secrets masked; empty for the greeting.</param>
    /// <param name="innerException">The transport error, if any.</param>
    public SmtpConnectionClosedException(string command, Exception? innerException = null)
        : base(command.Length == 0
            ? "The SMTP server closed the connection before its greeting."
            : $"The SMTP server closed the connection while the client waited for the reply to {command}.", innerException)
    {
        Command = command;
    }

    /// <summary>The command whose reply never came; empty for the greeting.</summary>
    public string Command { get; }
}
