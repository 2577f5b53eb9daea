namespace NetPrimitives.Smtp;

/// <summary>What the server answered to one RCPT TO.</summary>
public sealed class SmtpRecipientResult
{
    internal SmtpRecipientResult(string address, SmtpReply reply)
    {
        Address = address;
        Reply = reply;
    }

    /// <summary>The recipient's address, as given.</summary>
    public string Address { get; }

    /// <summary>The server's reply to RCPT TO.</summary>
    public SmtpReply Reply { get; }

    /// <summary><see langword="true"/> when the server accepted the recipient (2yz, RFC 5321 §4.1.1.3 allows 250 and 251).</summary>
    public bool Accepted => Reply.IsPositiveCompletion;

    /// <inheritdoc />
    public override string ToString() => $"{Address}: {Reply}";
}
