namespace NetPrimitives.Smtp;

/// <summary>
/// The server refused a command with a negative reply (4yz or 5yz), or with a reply the command does not allow.
/// The session stays usable unless the reply was 421 (see <see cref="SmtpServiceNotAvailableException"/>).
/// </summary>
public class SmtpCommandException : SmtpException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="command">The command refused, as sent (secrets masked), for example <c>MAIL FROM:&lt;a@example.org&gt;</c>.</param>
    /// <param name="reply">The server's reply.</param>
    public SmtpCommandException(string command, SmtpReply reply)
        : base(Describe(command, reply))
    {
        ArgumentNullException.ThrowIfNull(reply);
        Command = command;
        Reply = reply;
    }

    /// <summary>The command refused, as sent, secrets masked. Empty for the greeting.</summary>
    public string Command { get; }

    /// <summary>The whole reply.</summary>
    public SmtpReply Reply { get; }

    /// <summary>The reply code, for example 550.</summary>
    public int ReplyCode => Reply.Code;

    /// <summary>The RFC 3463 enhanced status code, when the server sent one.</summary>
    public SmtpEnhancedStatusCode? EnhancedStatusCode => Reply.EnhancedStatusCode;

    /// <summary>The server's text, lines joined with <c>\n</c>.</summary>
    public string ServerText => Reply.Text;

    /// <summary><see langword="true"/> for a 4yz reply: the same command may succeed later.</summary>
    public bool IsTransient => Reply.IsTransientNegative;

    private static string Describe(string command, SmtpReply reply) =>
        command.Length == 0
            ? $"The SMTP server refused the connection: {reply}"
            : $"The SMTP server refused {command}: {reply}";
}
