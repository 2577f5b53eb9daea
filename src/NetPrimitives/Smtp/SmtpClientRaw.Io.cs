using System.Buffers;
using System.IO.Pipelines;
using System.Text;

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
        using var timer = Timer(timeout, cancellationToken);
        FlushResult result;
        try
        {
            result = await _pipe.Output.FlushAsync(timer?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fault(new SmtpTimeoutException(command, timeout));
        }
        catch (OperationCanceledException ex)
        {
            Fault(ex);
            throw;
        }
        catch (Exception ex) when (ex is not SmtpException)
        {
            throw Fault(new SmtpConnectionClosedException(command, ex));
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

        var input = _pipe.Input;
        using var timer = Timer(timeout, cancellationToken);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(timer?.Token ?? cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Fault(new SmtpTimeoutException(command, timeout));
            }
            catch (OperationCanceledException ex)
            {
                Fault(ex);
                throw;
            }
            catch (Exception ex) when (ex is not SmtpException)
            {
                throw Fault(new SmtpConnectionClosedException(command, ex));
            }

            var buffer = result.Buffer;
            bool complete;
            SmtpReply? reply;
            try
            {
                complete = _parser.TryReadReply(ref buffer, out reply);
            }
            catch (SmtpProtocolException ex)
            {
                input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                throw Fault(ex);
            }

            if (complete)
            {
                input.AdvanceTo(buffer.Start);
                Show(reply!);
                return reply!;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw Fault(new SmtpConnectionClosedException(command));
            }
        }
    }

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

    private static CancellationTokenSource? Timer(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return null;
        }

        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(timeout);
        return source;
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
}
