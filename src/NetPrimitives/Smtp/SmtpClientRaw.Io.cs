using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using NetPrimitives.Framing;
using NetPrimitives.Transport;

namespace NetPrimitives.Smtp;

public sealed partial class SmtpClientRaw
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Marks the session busy for one operation, and refuses use after a fatal error.</summary>
    private Scope Enter()
    {
        if (_fault is not null)
        {
            throw _disposed
                ? new ObjectDisposedException(nameof(SmtpClientRaw))
                : new InvalidOperationException($"The SMTP session is over: {_fault.Message}", _fault);
        }

        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException("SmtpClientRaw runs one operation at a time; await the previous one first.");
        }

        return new Scope(this);
    }

    private readonly struct Scope(SmtpClientRaw client) : IDisposable
    {
        public void Dispose() => Volatile.Write(ref client._busy, 0);
    }

    /// <summary>Records a fatal error: the session cannot continue (timeout, broken protocol, closed connection, 421).</summary>
    private T Fault<T>(T exception)
        where T : Exception
    {
        if (_fault is null)
        {
            _fault = exception;
            SmtpLog.Faulted(_logger, exception.Message, exception);
        }

        return exception;
    }

    /// <summary>Buffers one command line (not sent until <see cref="FlushAsync"/>).</summary>
    /// <param name="line">The line without CRLF.</param>
    /// <param name="shown">What the transcript shows instead, when the line carries a secret.</param>
    private void WriteLine(string line, string? shown = null)
    {
        var output = _pipe.Output;
        var span = output.GetSpan(Utf8.GetMaxByteCount(line.Length) + 2);
        var length = Utf8.GetBytes(line, span);
        span[length] = (byte)'\r';
        span[length + 1] = (byte)'\n';
        output.Advance(length + 2);
        shown ??= line;
        SmtpLog.Sent(_logger, shown);
        _options.Transcript?.WriteLine($"--> [{shown}]");
    }

    private async ValueTask FlushAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _wroteSinceRead = true;
        using var deadline = new LinkedTimeout(timeout, _options.Connection.TimeProvider, cancellationToken);
        FlushResult result;
        try
        {
            result = await _pipe.Output.FlushAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw Failure(command, timeout, ex, cancellationToken);
        }

        if (result.IsCompleted)
        {
            // The other side stopped reading: the server closed the connection.
            throw Fault(new SmtpConnectionClosedException(command));
        }
    }

    /// <summary>Reads one whole reply (RFC 5321 §4.2), within <paramref name="timeout"/>.</summary>
    private async ValueTask<SmtpReply> ReadReplyAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_wroteSinceRead)
        {
            RoundTrips++;
            _wroteSinceRead = false;
        }

        using var deadline = new LinkedTimeout(timeout, _options.Connection.TimeProvider, cancellationToken);
        SmtpReply? reply;
        try
        {
            reply = await MessageLoop.ReadOneAsync<SmtpReply, ReplyReader>(_pipe.Input, new(_parser, command), deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw Failure(command, timeout, ex, cancellationToken);
        }

        if (reply is null)
        {
            throw Fault(new SmtpConnectionClosedException(command));
        }

        Show(reply);
        return reply;
    }

    /// <summary>
    /// What a failed read or write means for the session, which it ends: the caller's cancellation stays itself,
    /// the deadline is a timeout, our own typed errors stay, anything else (a reset, a broken stream) is a closed connection.
    /// </summary>
    private Exception Failure(string command, TimeSpan timeout, Exception ex, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => Fault(ex),
        OperationCanceledException => Fault(new SmtpTimeoutException(command, timeout)),
        SmtpException => Fault(ex),
        _ => Fault(new SmtpConnectionClosedException(command, ex)),
    };

    private void Show(SmtpReply reply)
    {
        var text = reply.ToString();
        if (_logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
        {
            foreach (var line in text.Split('\n'))
            {
                SmtpLog.Received(_logger, line);
            }
        }

        _options.Transcript?.WriteLine($"<-- [{text}]");
    }

    /// <summary>Sends one command and reads its reply.</summary>
    private async ValueTask<SmtpReply> CommandAsync(string line, TimeSpan timeout, CancellationToken cancellationToken, string? shown = null)
    {
        WriteLine(line, shown);
        await FlushAsync(shown ?? line, timeout, cancellationToken).ConfigureAwait(false);
        return await ReadReplyAsync(shown ?? line, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns a negative reply into the right exception; 421 also ends the session (RFC 5321 §3.8).</summary>
    private SmtpCommandException Refusal(string command, SmtpReply reply)
    {
        SmtpLog.Refused(_logger, command, reply.Code, reply.Text);
        return reply.Code == 421
            ? Fault(new SmtpServiceNotAvailableException(command, reply))
            : new SmtpCommandException(command, reply);
    }

    /// <summary>One SMTP reply as a message of the shared read loop; input that ends inside a reply is a closed connection.</summary>
    private readonly struct ReplyReader(SmtpReplyParser parser, string command) : IMessageReader<SmtpReply>
    {
        public bool TryRead(ref ReadOnlySequence<byte> buffer, out SmtpReply message) => parser.TryReadReply(ref buffer, out message);

        public Exception Truncated(in ReadOnlySequence<byte> remaining) => new SmtpConnectionClosedException(command);
    }
}
