namespace NetPrimitives.Smtp;

/// <summary>
/// A message the server accepted, with each recipient's reply. As in Python's smtplib, a message accepted for
/// some recipients only is a success: <see cref="RefusedRecipients"/> says which were refused.
/// </summary>
public sealed class SmtpSendResult
{
    internal SmtpSendResult(IReadOnlyList<SmtpRecipientResult> recipients, SmtpReply reply, long bytesSent)
    {
        Recipients = recipients;
        Reply = reply;
        BytesSent = bytesSent;
    }

    /// <summary>Every recipient, in the order given, with the server's reply.</summary>
    public IReadOnlyList<SmtpRecipientResult> Recipients { get; }

    /// <summary>The recipients the server refused (empty when all were accepted).</summary>
    public IReadOnlyList<SmtpRecipientResult> RefusedRecipients => Recipients.Where(r => !r.Accepted).ToArray();

    /// <summary>The server's reply after the message data, for example <c>250 2.0.0 Ok: queued as 63412114203</c>.</summary>
    public SmtpReply Reply { get; }

    /// <summary>The message data sent, in bytes, after dot-stuffing and including the final <c>.</c> line.</summary>
    public long BytesSent { get; }
}
