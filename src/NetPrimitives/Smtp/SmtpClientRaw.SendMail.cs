using System.Diagnostics;
using System.Text;

namespace NetPrimitives.Smtp;

public sealed partial class SmtpClientRaw
{
    /// <summary>Sends a message given as bytes (headers, blank line, body; any line ends).</summary>
    /// <param name="from">The sender (reverse-path) as <c>local@domain</c>, or empty for the null reverse-path of a bounce.</param>
    /// <param name="recipients">The recipients (forward-paths), at least one.</param>
    /// <param name="message">The message. Line ends are normalised to CRLF and leading dots doubled on the way out.</param>
    /// <param name="cancellationToken">Cancels the operation; the session is then over.</param>
    /// <returns>The result, with each recipient's reply.</returns>
    /// <exception cref="ArgumentException">An address is invalid (CR, LF, NUL, RFC 5321 length limits); nothing was sent.</exception>
    /// <exception cref="SmtpCommandException">The sender, every recipient (<see cref="SmtpRecipientsRefusedException"/>) or the data was refused; the session stays usable.</exception>
    /// <exception cref="SmtpException">Timeout, closed connection or protocol violation; the session is over.</exception>
    public ValueTask<SmtpSendResult> SendMailAsync(string from, IEnumerable<string> recipients, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) =>
        SendCoreAsync(from, recipients, new MessageSource(message), cancellationToken);

    /// <summary>Sends a message given as text, encoded as UTF-8.</summary>
    /// <param name="from">The sender as <c>local@domain</c>, or empty for the null reverse-path.</param>
    /// <param name="recipients">The recipients, at least one.</param>
    /// <param name="message">The message text (headers, blank line, body).</param>
    /// <param name="cancellationToken">Cancels the operation; the session is then over.</param>
    /// <returns>The result, with each recipient's reply.</returns>
    /// <exception cref="ArgumentException">An address is invalid; nothing was sent.</exception>
    /// <exception cref="SmtpCommandException">The sender, every recipient or the data was refused; the session stays usable.</exception>
    /// <exception cref="SmtpException">Timeout, closed connection or protocol violation; the session is over.</exception>
    public ValueTask<SmtpSendResult> SendMailAsync(string from, IEnumerable<string> recipients, string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendCoreAsync(from, recipients, new MessageSource(Encoding.UTF8.GetBytes(message)), cancellationToken);
    }

    /// <summary>Sends a message read from a stream, from its current position to its end, without buffering it whole.</summary>
    /// <param name="from">The sender as <c>local@domain</c>, or empty for the null reverse-path.</param>
    /// <param name="recipients">The recipients, at least one.</param>
    /// <param name="message">The message stream; not disposed.</param>
    /// <param name="cancellationToken">Cancels the operation; the session is then over.</param>
    /// <returns>The result, with each recipient's reply.</returns>
    /// <exception cref="ArgumentException">An address is invalid; nothing was sent.</exception>
    /// <exception cref="SmtpCommandException">The sender, every recipient or the data was refused; the session stays usable.</exception>
    /// <exception cref="SmtpException">Timeout, closed connection or protocol violation; the session is over.</exception>
    public ValueTask<SmtpSendResult> SendMailAsync(string from, IEnumerable<string> recipients, Stream message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendCoreAsync(from, recipients, new MessageSource(message), cancellationToken);
    }

    /// <summary>Sends a message stored in a file (for example an <c>.eml</c> file).</summary>
    /// <param name="from">The sender as <c>local@domain</c>, or empty for the null reverse-path.</param>
    /// <param name="recipients">The recipients, at least one.</param>
    /// <param name="message">The file.</param>
    /// <param name="cancellationToken">Cancels the operation; the session is then over.</param>
    /// <returns>The result, with each recipient's reply.</returns>
    /// <exception cref="ArgumentException">An address is invalid; nothing was sent.</exception>
    /// <exception cref="SmtpCommandException">The sender, every recipient or the data was refused; the session stays usable.</exception>
    /// <exception cref="SmtpException">Timeout, closed connection or protocol violation; the session is over.</exception>
    public async ValueTask<SmtpSendResult> SendMailAsync(string from, IEnumerable<string> recipients, FileInfo message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var file = new FileStream(message.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            return await SendCoreAsync(from, recipients, new MessageSource(file), cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<SmtpSendResult> SendCoreAsync(string from, IEnumerable<string> recipients, MessageSource message, CancellationToken cancellationToken)
    {
        // Everything is checked before the first byte goes out (no half-sent envelope).
        var envelope = Prepare(from, recipients, message);
        using var scope = Enter();
        return await SendTracedAsync(envelope, message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One message with its span and its metrics: <c>SendMailAsync</c>, and each message of a batch without PIPELINING.</summary>
    private async ValueTask<SmtpSendResult> SendTracedAsync(Envelope envelope, MessageSource message, CancellationToken cancellationToken)
    {
        var time = _options.Connection.TimeProvider;
        long? started = _telemetry.DurationEnabled ? time.GetTimestamp() : null;
        var activity = SmtpTelemetry.StartSend(_serverAddress, _serverPort, envelope.To.Length);
        try
        {
            var result = await SendPreparedAsync(envelope, message, cancellationToken).ConfigureAwait(false);
            _telemetry.Sent(result, started is { } start ? time.GetElapsedTime(start) : null);
            activity?.SetTag("netprimitives.smtp.message.size", result.BytesSent);
            return result;
        }
        catch (Exception ex)
        {
            _telemetry.Failed(ex, started is { } start ? time.GetElapsedTime(start) : null);
            if (activity is not null)
            {
                activity.SetTag("error.type", ex.GetType().FullName);
                activity.SetStatus(ActivityStatusCode.Error);
            }

            throw;
        }
        finally
        {
            activity?.Stop();
        }
    }

    private async ValueTask<SmtpSendResult> SendPreparedAsync(Envelope envelope, MessageSource message, CancellationToken cancellationToken)
    {
        var results = UsePipelining
            ? await PipelinedEnvelopeAsync(envelope.Mail, envelope.Rcpts, envelope.To, cancellationToken).ConfigureAwait(false)
            : await SequentialEnvelopeAsync(envelope.Mail, envelope.Rcpts, envelope.To, cancellationToken).ConfigureAwait(false);

        var (bytes, reply) = await SendDataAsync(message, cancellationToken).ConfigureAwait(false);
        return Accepted(results, reply, bytes);
    }

    /// <summary>The result of a message whose data was sent, or the refusal of its final reply.</summary>
    private SmtpSendResult Accepted(SmtpRecipientResult[] results, SmtpReply reply, long bytes)
    {
        if (!reply.IsPositiveCompletion)
        {
            // RFC 5321 §4.1.1.4: the transaction ends with this reply either way; no RSET needed.
            throw Refusal("DATA (end of message)", reply);
        }

        SmtpLog.MessageAccepted(_logger, results.Count(r => r.Accepted), results.Length, reply.ToString());
        return new SmtpSendResult(results, reply, bytes);
    }

    /// <summary>Checks the addresses and builds the envelope's command lines; throws before anything is sent.</summary>
    private Envelope Prepare(string from, IEnumerable<string> recipients, MessageSource message)
    {
        SmtpCommandValidator.ValidateAddress(from, nameof(from), allowEmpty: true);
        ArgumentNullException.ThrowIfNull(recipients);
        var to = recipients.ToArray();
        if (to.Length == 0)
        {
            throw new ArgumentException("At least one recipient is needed.", nameof(recipients));
        }

        foreach (var recipient in to)
        {
            SmtpCommandValidator.ValidateAddress(recipient, nameof(recipients));
        }

        var mail = MailCommand(from, to, message);
        var rcpts = to.Select(r => $"RCPT TO:<{r}>").ToArray();
        foreach (var line in rcpts.Prepend(mail))
        {
            SmtpCommandValidator.ValidateCommandLine(line, nameof(recipients));
        }

        return new Envelope(mail, rcpts, to);
    }

    /// <summary>A checked envelope: the MAIL FROM line, one RCPT TO line per recipient, and the recipients.</summary>
    private readonly record struct Envelope(string Mail, string[] Rcpts, string[] To);

    private string MailCommand(string from, string[] to, MessageSource message)
    {
        var builder = new StringBuilder("MAIL FROM:<").Append(from).Append('>');
        if (Capabilities.Size && message.Size is long size)
        {
            // RFC 1870 §5: the declared size is an estimate; the raw length is close enough.
            builder.Append(" SIZE=").Append(size);
        }

        if (Capabilities.EightBitMime && message.EightBit != false)
        {
            builder.Append(" BODY=8BITMIME");
        }

        if (!Ascii.IsValid(from) || !to.All(a => Ascii.IsValid(a)))
        {
            // RFC 6531 §3.4: internationalised addresses need SMTPUTF8 on MAIL FROM.
            if (!Capabilities.SmtpUtf8)
            {
                throw new NotSupportedException("An address is not ASCII and the server did not advertise SMTPUTF8 (RFC 6531); nothing was sent.");
            }

            builder.Append(" SMTPUTF8");
        }

        return builder.ToString();
    }

    /// <summary>RFC 2920 §3.1: MAIL, every RCPT and DATA (last, as it must be) in one write; then each reply, in order.</summary>
    private async ValueTask<SmtpRecipientResult[]> PipelinedEnvelopeAsync(string mail, string[] rcpts, string[] to, CancellationToken cancellationToken)
    {
        WriteLine(mail);
        foreach (var rcpt in rcpts)
        {
            WriteLine(rcpt);
        }

        WriteLine("DATA");
        await FlushAsync(mail, _options.MailTimeout, cancellationToken).ConfigureAwait(false);

        var mailReply = await ReadReplyAsync(mail, _options.MailTimeout, cancellationToken).ConfigureAwait(false);
        ThrowIfClosing(mail, mailReply);
        var results = new SmtpRecipientResult[to.Length];
        for (var i = 0; i < to.Length; i++)
        {
            var reply = await ReadReplyAsync(rcpts[i], _options.RecipientTimeout, cancellationToken).ConfigureAwait(false);
            ThrowIfClosing(rcpts[i], reply);
            results[i] = new SmtpRecipientResult(to[i], reply);
        }

        var dataReply = await ReadReplyAsync("DATA", _options.DataInitiationTimeout, cancellationToken).ConfigureAwait(false);
        ThrowIfClosing("DATA", dataReply);

        SmtpCommandException? failure = !mailReply.IsPositiveCompletion ? Refusal(mail, mailReply)
            : !results.Any(r => r.Accepted) ? RecipientsRefused(results)
            : !dataReply.IsPositiveIntermediate ? Refusal("DATA", dataReply)
            : null;
        if (failure is null)
        {
            return results;
        }

        if (dataReply.IsPositiveIntermediate)
        {
            // RFC 2920 §3.1: a server that accepted DATA although the envelope failed gets an empty message
            // (a lone dot), which it must refuse for want of a valid transaction.
            WriteRaw(".\r\n"u8, "<empty message: the envelope was refused>");
            await FlushAsync("DATA (empty)", _options.DataBlockTimeout, cancellationToken).ConfigureAwait(false);
            var end = await ReadReplyAsync("DATA (empty)", _options.DataTerminationTimeout, cancellationToken).ConfigureAwait(false);
            ThrowIfClosing("DATA (empty)", end);
        }

        await ResetQuietlyAsync(cancellationToken).ConfigureAwait(false);
        throw failure;
    }

    private async ValueTask<SmtpRecipientResult[]> SequentialEnvelopeAsync(string mail, string[] rcpts, string[] to, CancellationToken cancellationToken)
    {
        var mailReply = await CommandAsync(mail, _options.MailTimeout, cancellationToken).ConfigureAwait(false);
        if (!mailReply.IsPositiveCompletion)
        {
            var refusal = Refusal(mail, mailReply);
            await ResetQuietlyAsync(cancellationToken).ConfigureAwait(false);
            throw refusal;
        }

        var results = new SmtpRecipientResult[to.Length];
        for (var i = 0; i < to.Length; i++)
        {
            var reply = await CommandAsync(rcpts[i], _options.RecipientTimeout, cancellationToken).ConfigureAwait(false);
            ThrowIfClosing(rcpts[i], reply);
            results[i] = new SmtpRecipientResult(to[i], reply);
        }

        if (!results.Any(r => r.Accepted))
        {
            var refusal = RecipientsRefused(results);
            await ResetQuietlyAsync(cancellationToken).ConfigureAwait(false);
            throw refusal;
        }

        var dataReply = await CommandAsync("DATA", _options.DataInitiationTimeout, cancellationToken).ConfigureAwait(false);
        if (!dataReply.IsPositiveIntermediate)
        {
            var refusal = Refusal("DATA", dataReply);
            await ResetQuietlyAsync(cancellationToken).ConfigureAwait(false);
            throw refusal;
        }

        return results;
    }

    private SmtpRecipientsRefusedException RecipientsRefused(SmtpRecipientResult[] results)
    {
        SmtpLog.Refused(_logger, "every RCPT TO", results[0].Reply.Code, results[0].Reply.Text);
        return new SmtpRecipientsRefusedException(results);
    }

    /// <summary>A 421 reply means the server is closing the channel (RFC 5321 §3.8): nothing more can be sent.</summary>
    private void ThrowIfClosing(string command, SmtpReply reply)
    {
        if (reply.Code == 421)
        {
            throw Refusal(command, reply);
        }
    }

    /// <summary>RSET after a refused command, as smtplib does, so the next message starts clean.</summary>
    private async ValueTask ResetQuietlyAsync(CancellationToken cancellationToken)
    {
        if (_fault is not null)
        {
            return;
        }

        try
        {
            var reply = await CommandAsync("RSET", _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            ThrowIfClosing("RSET", reply);
        }
        catch (SmtpException)
        {
            // The fault is recorded; the caller reports the refusal that led here.
        }
    }
}
