namespace NetPrimitives.Smtp;

/// <summary>
/// What became of one message of <see cref="SmtpClientRaw.SendBatchAsync"/>: accepted (<see cref="Result"/>), or
/// refused or not sent (<see cref="Error"/>). A refusal ends that message only; the batch goes on with the next.
/// </summary>
/// <param name="Index">The message's position in the batch, from 0.</param>
/// <param name="Message">The message.</param>
/// <param name="Result">The server's acceptance, with each recipient's reply; null when the message was not accepted.</param>
/// <param name="Error">
/// Why the message was not accepted: <see cref="SmtpCommandException"/> (the sender, every recipient, DATA or the data
/// was refused; <see cref="SmtpRecipientsRefusedException"/> when every recipient was), or <see cref="ArgumentException"/> /
/// <see cref="NotSupportedException"/> (an invalid address: nothing of it was sent).
/// </param>
public readonly record struct SmtpBatchResult(int Index, SmtpOutgoingMessage Message, SmtpSendResult? Result, Exception? Error)
{
    /// <summary>True when the server accepted the message (for at least one recipient).</summary>
    public bool Accepted => Result is not null;
}
