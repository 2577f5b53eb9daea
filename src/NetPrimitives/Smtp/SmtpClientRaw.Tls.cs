using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using NetPrimitives.Transport;

namespace NetPrimitives.Smtp;

public sealed partial class SmtpClientRaw
{
    private SslStream? _tls;
    private IDuplexPipe? _plainPipe;

    /// <summary>
    /// <see langword="true"/> once STARTTLS succeeded, or from the start with <see cref="SmtpClientRawOptions.ImplicitTls"/>:
    /// everything since goes through TLS.
    /// </summary>
    public bool IsSecure => TlsProtocol != SslProtocols.None;

    /// <summary>The TLS protocol in use, or <see cref="SslProtocols.None"/> before STARTTLS (and without implicit TLS).</summary>
    public SslProtocols TlsProtocol => _tls?.SslProtocol ?? _implicitTls;

    // How this client authenticates the server, the same for STARTTLS and for implicit TLS (which the transport runs).
    private static SslClientAuthenticationOptions Authentication(SmtpClientRawOptions options, string targetHost) => new()
    {
        TargetHost = targetHost,
        RemoteCertificateValidationCallback = options.ServerCertificateValidation,
    };

    /// <summary>
    /// STARTTLS (RFC 3207): asks the server to start TLS, runs the handshake over the existing connection
    /// (validating the certificate against <see cref="SmtpClientRawOptions.TlsTargetHost"/> or the callback),
    /// then sends EHLO again, as RFC 3207 §4.2 requires, and refreshes <see cref="Capabilities"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation; the session is then over.</param>
    /// <returns>A task that completes when TLS is on.</returns>
    /// <exception cref="SmtpTlsRequiredException">The server does not offer STARTTLS or refused it; the session stays usable in plain text.</exception>
    /// <exception cref="SmtpException">The handshake failed (inner <see cref="AuthenticationException"/>) or timed out; the session is over.</exception>
    public async ValueTask StartTlsAsync(CancellationToken cancellationToken = default)
    {
        using var scope = Enter();
        await StartTlsCoreAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask ApplyStartTlsPolicyAsync(CancellationToken cancellationToken)
    {
        if (_options.StartTls == SmtpStartTlsPolicy.Never || IsSecure)
        {
            return;
        }

        try
        {
            await StartTlsCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpTlsRequiredException) when (_options.StartTls == SmtpStartTlsPolicy.WhenAvailable)
        {
            // Opportunistic TLS: a server without STARTTLS (or refusing it with 454) is used in plain text.
        }
        catch (SmtpTlsRequiredException ex)
        {
            throw Fault(ex);
        }
    }

    private async ValueTask StartTlsCoreAsync(CancellationToken cancellationToken)
    {
        if (IsSecure)
        {
            throw new InvalidOperationException("TLS is already on.");
        }

        if (!Capabilities.StartTls)
        {
            throw new SmtpTlsRequiredException("The SMTP server does not offer STARTTLS; nothing but EHLO was sent in plain text.");
        }

        var reply = await CommandAsync("STARTTLS", _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (reply.Code != 220)
        {
            throw new SmtpTlsRequiredException($"The SMTP server refused STARTTLS: {reply}", Refusal("STARTTLS", reply));
        }

        // RFC 3207 §5 (and CVE-2011-0411's mirror image): bytes that arrived after the 220 but before the
        // handshake were injected in plain text; accepting them as TLS-protected replies would be a hole.
        if (_pipe.Input.TryRead(out var early))
        {
            var injected = early.Buffer.Length;
            _pipe.Input.AdvanceTo(early.Buffer.Start);
            if (injected > 0)
            {
                throw Fault(new SmtpProtocolException($"The SMTP server sent {injected} byte(s) after its 220 reply to STARTTLS, before the TLS handshake; they are refused as a plaintext injection (RFC 3207 §5)."));
            }
        }

        var plain = _pipe;
        var ssl = new SslStream(new DuplexPipeStream(plain), leaveInnerStreamOpen: false);
        var authentication = Authentication(_options, _tlsTargetHost);
        using var deadline = new LinkedTimeout(_options.CommandTimeout, _options.Connection.TimeProvider, cancellationToken);
        try
        {
            await ssl.AuthenticateAsClientAsync(authentication, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw ex switch
            {
                OperationCanceledException when !cancellationToken.IsCancellationRequested => Fault(new SmtpTimeoutException("STARTTLS (TLS handshake)", _options.CommandTimeout)),
                OperationCanceledException => Fault(ex),
                AuthenticationException => Fault(new SmtpException($"The TLS handshake with the SMTP server failed: {ex.Message}", ex)),
                _ => Fault(new SmtpConnectionClosedException("STARTTLS (TLS handshake)", ex)),
            };
        }

        _tls = ssl;
        _plainPipe = plain;
        _pipe = new TlsPipe(
            PipeReader.Create(ssl, new StreamPipeReaderOptions(leaveOpen: true)),
            PipeWriter.Create(ssl, new StreamPipeWriterOptions(leaveOpen: true)));
        SmtpLog.TlsStarted(_logger, ssl.SslProtocol.ToString(), ssl.NegotiatedCipherSuite.ToString());
        _options.Transcript?.WriteLine($"--- TLS started: {ssl.SslProtocol}, {ssl.NegotiatedCipherSuite}");

        // RFC 3207 §4.2: forget what was learnt in plain text and ask again.
        Capabilities = SmtpCapabilities.None;
        await EhloCoreAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask DisposeTlsAsync()
    {
        if (_tls is null || _plainPipe is null)
        {
            return;
        }

        await _tls.DisposeAsync().ConfigureAwait(false);
        await _plainPipe.Output.CompleteAsync().ConfigureAwait(false);
        await _plainPipe.Input.CompleteAsync().ConfigureAwait(false);
    }

    private sealed class TlsPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
