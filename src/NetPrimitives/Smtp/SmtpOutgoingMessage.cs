namespace NetPrimitives.Smtp;

/// <summary>One message of <see cref="SmtpClientRaw.SendBatchAsync"/>: an envelope and its content, already in memory.</summary>
public sealed class SmtpOutgoingMessage
{
    /// <summary>Creates a message. The addresses are checked when the batch reaches it, as <see cref="SmtpClientRaw.SendMailAsync(string, IEnumerable{string}, ReadOnlyMemory{byte}, CancellationToken)"/> checks them.</summary>
    /// <param name="from">The sender (reverse-path) as <c>local@domain</c>, or empty for the null reverse-path.</param>
    /// <param name="recipients">The recipients (forward-paths), at least one.</param>
    /// <param name="content">The message: headers, blank line, body (any line ends).</param>
    public SmtpOutgoingMessage(string from, IEnumerable<string> recipients, ReadOnlyMemory<byte> content)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(recipients);
        From = from;
        Recipients = recipients.ToArray();
        Content = content;
    }

    /// <summary>The sender.</summary>
    public string From { get; }

    /// <summary>The recipients, in the order given.</summary>
    public IReadOnlyList<string> Recipients { get; }

    /// <summary>The message data.</summary>
    public ReadOnlyMemory<byte> Content { get; }
}
