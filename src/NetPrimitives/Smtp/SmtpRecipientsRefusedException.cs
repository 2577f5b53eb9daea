namespace NetPrimitives.Smtp;

/// <summary>
/// The server refused every recipient, so no message was sent (smtplib's SMTPRecipientsRefused).
/// <see cref="SmtpCommandException.Command"/> and <see cref="SmtpCommandException.Reply"/> describe the first refusal.
/// </summary>
public sealed class SmtpRecipientsRefusedException : SmtpCommandException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="recipients">Every recipient with its reply; at least one.</param>
    public SmtpRecipientsRefusedException(IReadOnlyList<SmtpRecipientResult> recipients)
        : base($"RCPT TO:<{First(recipients).Address}>", First(recipients).Reply)
    {
        Recipients = recipients;
    }

    /// <summary>Every recipient with the server's reply.</summary>
    public IReadOnlyList<SmtpRecipientResult> Recipients { get; }

    private static SmtpRecipientResult First(IReadOnlyList<SmtpRecipientResult> recipients)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        return recipients.Count > 0 ? recipients[0] : throw new ArgumentException("At least one recipient is needed.", nameof(recipients));
    }
}
