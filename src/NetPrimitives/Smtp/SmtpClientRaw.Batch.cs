using System.Runtime.CompilerServices;

namespace NetPrimitives.Smtp;

public sealed partial class SmtpClientRaw
{
    /// <summary>
    /// Sends many messages over this session, one result per message, in order. When the server offers PIPELINING
    /// (RFC 2920), each message's data goes out in one write with the next message's MAIL FROM, RCPT TO and DATA
    /// (RFC 2920 §3.1 allows message content first in a group), so a message costs one round trip instead of two.
    /// Without PIPELINING the messages are sent one after the other, as <c>SendMailAsync</c> sends them.
    /// </summary>
    /// <param name="messages">The messages; read one at a time, as the batch reaches them.</param>
    /// <param name="cancellationToken">Cancels the batch; the session is then over.</param>
    /// <returns>
    /// One <see cref="SmtpBatchResult"/> per message, in the batch's order. A refused message (its sender, every
    /// recipient, DATA or its data) or an invalid address is that message's <see cref="SmtpBatchResult.Error"/>, and
    /// the batch goes on with the next one.
    /// </returns>
    /// <exception cref="SmtpException">Timeout, closed connection, 421 or protocol violation: the session is over, and
    /// the messages without a result were not accepted. Stopping the enumeration before its end while a message is on
    /// its way also ends the session (its data is never completed, so the server discards it).</exception>
    public async IAsyncEnumerable<SmtpBatchResult> SendBatchAsync(IEnumerable<SmtpOutgoingMessage> messages, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var scope = Enter();
        var index = 0;
        if (!UsePipelining)
        {
            foreach (var message in messages)
            {
                yield return await SendOneAsync(message, index++, cancellationToken).ConfigureAwait(false);
            }

            yield break;
        }

        // The message whose envelope replies were read and whose data (or the end of its refused transaction) opens
        // the next group; and whether a group was written whose replies are not all read.
        BatchMessage? pending = null;
        var inFlight = false;
        try
        {
            using var next = messages.GetEnumerator();
            while (true)
            {
                // null: the batch's end, which (like an invalid message) finishes the message before it on its own.
                var message = next.MoveNext() ? next.Current ?? throw new ArgumentException("A message of the batch is null.", nameof(messages)) : null;
                var source = new MessageSource(message?.Content ?? default);
                var (envelope, invalid) = message is null ? (default, null) : TryPrepare(message, source);
                if (message is null || invalid is not null)
                {
                    // Results stay in order: the message before is finished first, in a group of its own.
                    if (pending is not null)
                    {
                        inFlight = true;
                        var before = await FinishAsync(pending, cancellationToken).ConfigureAwait(false);
                        (pending, inFlight) = (null, false);
                        if (before is not null)
                        {
                            yield return before.Value;
                        }
                    }

                    if (message is null)
                    {
                        break;
                    }

                    yield return new SmtpBatchResult(index++, message, null, invalid);
                    continue;
                }

                // One group: the previous message's data, then this message's MAIL, RCPTs and DATA (last, as it must be).
                var dataBytes = pending is null ? 0 : await WritePendingAsync(pending, cancellationToken).ConfigureAwait(false);
                WriteLine(envelope.Mail);
                foreach (var rcpt in envelope.Rcpts)
                {
                    WriteLine(rcpt);
                }

                WriteLine("DATA");
                inFlight = true;
                await FlushAsync(envelope.Mail, _options.MailTimeout, cancellationToken).ConfigureAwait(false);
                if (pending is not null)
                {
                    var previous = await ReadPendingRepliesAsync(pending, dataBytes, cancellationToken).ConfigureAwait(false);
                    pending = null;
                    if (previous is not null)
                    {
                        yield return previous.Value;
                    }
                }

                pending = await ReadEnvelopeRepliesAsync(new BatchMessage(index++, message, source, envelope), cancellationToken).ConfigureAwait(false);
                inFlight = false;
                if (pending.Refusal is { } refusal)
                {
                    yield return new SmtpBatchResult(pending.Index, message, null, refusal);
                }
            }
        }
        finally
        {
            if ((pending is not null || inFlight) && _fault is null)
            {
                // Stopped halfway (the caller left the loop, or a message or the enumeration threw): a transaction
                // is open on the server and cannot be completed without delivering something nobody asked for.
                Fault(new InvalidOperationException("A batch was stopped before its end while a message was on its way; the SMTP session is over."));
            }
        }
    }

    /// <summary>One message sent alone (no PIPELINING), its refusal or invalid address turned into its result.</summary>
    private async ValueTask<SmtpBatchResult> SendOneAsync(SmtpOutgoingMessage message, int index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var source = new MessageSource(message.Content);
        var (envelope, invalid) = TryPrepare(message, source);
        if (invalid is not null)
        {
            return new SmtpBatchResult(index, message, null, invalid);
        }

        try
        {
            return new SmtpBatchResult(index, message, await SendTracedAsync(envelope, source, cancellationToken).ConfigureAwait(false), null);
        }
        catch (SmtpCommandException ex) when (_fault is null)
        {
            return new SmtpBatchResult(index, message, null, ex);
        }
    }

    private (Envelope Envelope, Exception? Invalid) TryPrepare(SmtpOutgoingMessage message, MessageSource source)
    {
        try
        {
            return (Prepare(message.From, message.Recipients, source), null);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return (default, ex);
        }
    }

    /// <summary>Reads the replies to MAIL, each RCPT and DATA of a group (RFC 2920: all of them, in order).</summary>
    private async ValueTask<BatchMessage> ReadEnvelopeRepliesAsync(BatchMessage message, CancellationToken cancellationToken)
    {
        var envelope = message.Envelope;
        var mailReply = await ReadReplyAsync(envelope.Mail, _options.MailTimeout, cancellationToken).ConfigureAwait(false);
        ThrowIfClosing(envelope.Mail, mailReply);
        var results = new SmtpRecipientResult[envelope.To.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var reply = await ReadReplyAsync(envelope.Rcpts[i], _options.RecipientTimeout, cancellationToken).ConfigureAwait(false);
            ThrowIfClosing(envelope.Rcpts[i], reply);
            results[i] = new SmtpRecipientResult(envelope.To[i], reply);
        }

        var dataReply = await ReadReplyAsync("DATA", _options.DataInitiationTimeout, cancellationToken).ConfigureAwait(false);
        ThrowIfClosing("DATA", dataReply);
        message.Recipients = results;
        message.DataOpen = dataReply.IsPositiveIntermediate;
        message.Refusal = !mailReply.IsPositiveCompletion ? Refusal(envelope.Mail, mailReply)
            : !results.Any(r => r.Accepted) ? RecipientsRefused(results)
            : !dataReply.IsPositiveIntermediate ? Refusal("DATA", dataReply)
            : null;
        return message;
    }

    /// <summary>
    /// Writes what a message whose envelope was answered still owes the server: its data after a 354; for a refused
    /// envelope, a lone dot if the server opened DATA anyway (RFC 2920 §3.1: it must refuse that empty message) and
    /// RSET, so the next MAIL FROM starts a clean transaction.
    /// </summary>
    private async ValueTask<long> WritePendingAsync(BatchMessage pending, CancellationToken cancellationToken)
    {
        if (pending.Refusal is null)
        {
            return await WriteDataAsync(pending.Source, cancellationToken).ConfigureAwait(false);
        }

        if (pending.DataOpen)
        {
            WriteRaw(".\r\n"u8, "<empty message: the envelope was refused>");
        }

        WriteLine("RSET");
        return 0;
    }

    /// <summary>Reads the replies to what <see cref="WritePendingAsync"/> wrote: the message's result, or null for a refused envelope (already reported).</summary>
    private async ValueTask<SmtpBatchResult?> ReadPendingRepliesAsync(BatchMessage pending, long dataBytes, CancellationToken cancellationToken)
    {
        if (pending.Refusal is not null)
        {
            if (pending.DataOpen)
            {
                var end = await ReadReplyAsync("DATA (empty)", _options.DataTerminationTimeout, cancellationToken).ConfigureAwait(false);
                ThrowIfClosing("DATA (empty)", end);
            }

            var reset = await ReadReplyAsync("RSET", _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            ThrowIfClosing("RSET", reset);
            return null;
        }

        var reply = await ReadReplyAsync(DataCommand, _options.DataTerminationTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            // Pipelined messages overlap on the wire, so they get no span or duration each; their recipients are counted.
            var result = Accepted(pending.Recipients, reply, dataBytes);
            _telemetry.Sent(result, duration: null);
            return new SmtpBatchResult(pending.Index, pending.Message, result, null);
        }
        catch (SmtpCommandException ex) when (_fault is null)
        {
            return new SmtpBatchResult(pending.Index, pending.Message, null, ex);
        }
    }

    /// <summary>Sends what the last message still owes in a group of its own and reads the replies.</summary>
    private async ValueTask<SmtpBatchResult?> FinishAsync(BatchMessage pending, CancellationToken cancellationToken)
    {
        var dataBytes = await WritePendingAsync(pending, cancellationToken).ConfigureAwait(false);
        await FlushAsync(pending.Refusal is null ? DataCommand : "RSET", _options.DataBlockTimeout, cancellationToken).ConfigureAwait(false);
        return await ReadPendingRepliesAsync(pending, dataBytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A batch message whose envelope went out, with what its replies said.</summary>
    private sealed class BatchMessage(int index, SmtpOutgoingMessage message, MessageSource source, Envelope envelope)
    {
        public int Index { get; } = index;

        public SmtpOutgoingMessage Message { get; } = message;

        public MessageSource Source { get; } = source;

        public Envelope Envelope { get; } = envelope;

        public SmtpRecipientResult[] Recipients { get; set; } = [];

        public bool DataOpen { get; set; }

        public SmtpCommandException? Refusal { get; set; }
    }
}
