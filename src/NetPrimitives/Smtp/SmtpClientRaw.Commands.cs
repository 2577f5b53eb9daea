namespace NetPrimitives.Smtp;

public sealed partial class SmtpClientRaw
{
    /// <summary>
    /// Sends one raw command line and returns the server's reply, whatever it is (a negative reply is not an
    /// exception here): for exploring a server, like typing into telnet. The line is refused before anything
    /// is sent when it contains CR, LF or NUL or is longer than RFC 5321 §4.5.3.1.4 allows. DATA, BDAT and
    /// STARTTLS are refused here too: their replies are followed by message data or a TLS handshake, which only
    /// <see cref="SendMailAsync(string, IEnumerable{string}, string, CancellationToken)"/> and
    /// <see cref="StartTlsAsync"/> can carry on.
    /// </summary>
    /// <param name="line">The command line without CRLF, for example <c>VRFY postmaster</c>.</param>
    /// <param name="cancellationToken">Cancels the wait; the session is then over.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="ArgumentException">The line is empty, too long, contains CR, LF or NUL, or is DATA, BDAT or STARTTLS.</exception>
    /// <exception cref="SmtpException">Timeout, closed connection or malformed reply.</exception>
    public async ValueTask<SmtpReply> SendCommandAsync(string line, CancellationToken cancellationToken = default)
    {
        SmtpCommandValidator.ValidateCommandLine(line, nameof(line));
        var verb = line.Split(' ', 2)[0];
        if (verb.Equals("DATA", StringComparison.OrdinalIgnoreCase)
            || verb.Equals("BDAT", StringComparison.OrdinalIgnoreCase)
            || verb.Equals("STARTTLS", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{verb.ToUpperInvariant()} would leave the session expecting data or a TLS handshake; use SendMailAsync or StartTlsAsync.", nameof(line));
        }

        using var scope = Enter();
        var reply = await CommandAsync(line, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (reply.Code == 421)
        {
            Refusal(line, reply);
        }

        return reply;
    }

    /// <summary>Sends EHLO again (RFC 3207 and RFC 4954 require it after STARTTLS and allow it any time) and refreshes <see cref="Capabilities"/>.</summary>
    /// <param name="cancellationToken">Cancels the wait; the session is then over.</param>
    /// <returns>The capabilities.</returns>
    /// <exception cref="SmtpCommandException">Both EHLO and HELO were refused.</exception>
    public async ValueTask<SmtpCapabilities> EhloAsync(CancellationToken cancellationToken = default)
    {
        using var scope = Enter();
        await EhloCoreAsync(cancellationToken).ConfigureAwait(false);
        return Capabilities;
    }

    private async ValueTask EhloCoreAsync(CancellationToken cancellationToken)
    {
        var ehlo = "EHLO " + LocalDomain;
        var reply = await CommandAsync(ehlo, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (reply.IsPositiveCompletion)
        {
            Capabilities = SmtpCapabilities.Parse(reply);
            _parser.EnhancedStatusCodes = Capabilities.EnhancedStatusCodes;
            return;
        }

        if (reply.Code == 421 || !reply.IsPermanentNegative)
        {
            throw Refusal(ehlo, reply);
        }

        // RFC 5321 §3.2: a server that does not know EHLO answers 5yz; the client falls back to HELO.
        var helo = "HELO " + LocalDomain;
        reply = await CommandAsync(helo, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (!reply.IsPositiveCompletion)
        {
            throw Refusal(helo, reply);
        }

        Capabilities = SmtpCapabilities.None;
        _parser.EnhancedStatusCodes = false;
    }

    /// <summary>NOOP (RFC 5321 §4.1.1.9): checks that the server is there.</summary>
    /// <param name="cancellationToken">Cancels the wait; the session is then over.</param>
    /// <returns>The reply (250).</returns>
    /// <exception cref="SmtpCommandException">The server refused NOOP.</exception>
    public async ValueTask<SmtpReply> NoopAsync(CancellationToken cancellationToken = default)
    {
        using var scope = Enter();
        return await ExpectPositiveAsync("NOOP", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>RSET (RFC 5321 §4.1.1.5): abandons the current mail transaction.</summary>
    /// <param name="cancellationToken">Cancels the wait; the session is then over.</param>
    /// <returns>The reply (250).</returns>
    /// <exception cref="SmtpCommandException">The server refused RSET.</exception>
    public async ValueTask<SmtpReply> ResetAsync(CancellationToken cancellationToken = default)
    {
        using var scope = Enter();
        return await ExpectPositiveAsync("RSET", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// QUIT (RFC 5321 §4.1.1.10), then closes the connection. A server that closes without its 221 is tolerated,
    /// and a session already over (after a timeout, 421 or broken connection) is just closed.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The reply (221), or <see langword="null"/> when the server closed first or the session was over.</returns>
    public async ValueTask<SmtpReply?> QuitAsync(CancellationToken cancellationToken = default)
    {
        SmtpReply? reply = null;
        if (_fault is not null && !_disposed)
        {
            await DisposeAsync().ConfigureAwait(false);
            return null;
        }

        using (Enter())
        {
            try
            {
                reply = await CommandAsync("QUIT", _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (SmtpConnectionClosedException)
            {
                // The goodbye is a courtesy; the connection is closing anyway.
            }
        }

        await DisposeAsync().ConfigureAwait(false);
        return reply;
    }

    private async ValueTask<SmtpReply> ExpectPositiveAsync(string command, CancellationToken cancellationToken)
    {
        var reply = await CommandAsync(command, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        return reply.IsPositiveCompletion ? reply : throw Refusal(command, reply);
    }
}
