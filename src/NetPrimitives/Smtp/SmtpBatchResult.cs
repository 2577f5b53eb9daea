namespace NetPrimitives.Smtp;

/// <summary>
/// What became of one message of <see cref="SmtpClientRaw.SendBatchAsync"/>: accepted (<see cref="Result"/>), or
/// refused or not sent (<see cref="Error"/>). A refusal ends that message only; the batch goes on with the next.
/// </summary>
public sealed class SmtpBatchResult
{
    internal SmtpBatchResult(int index, SmtpOutgoingMessage message, SmtpSendResult? result, Exception? error)
    {
        Index = index;
        Message = message;
        Result = result;
        Error = error;
    }

    /// <summary>The message's position in the batch, from 0.</summary>
    public int Index { get; }

    /// <summary>The message.</summary>
    public SmtpOutgoingMessage Message { get; }

    /// <summary>The server's acceptance, with each recipient's reply; null when the message was not accepted.</summary>
    public SmtpSendResult? Result { get; }

    /// <summary>
    /// Why the message was not accepted: <see cref="SmtpCommandException"/> (the sender, every recipient, DATA or the
    /// data was refused; <see cref="SmtpRecipientsRefusedException"/> when every recipient was), or
    /// <see cref="ArgumentException"/> / <see cref="NotSupportedException"/> (an invalid address: nothing of it was sent).
    /// </summary>
    public Exception? Error { get; }

    /// <summary>True when the server accepted the message (for at least one recipient).</summary>
    public bool Accepted => Result is not null;
}
