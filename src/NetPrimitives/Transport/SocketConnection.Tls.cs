using System.Net.Security;
using System.Net.Sockets;

namespace NetPrimitives.Transport;

internal sealed partial class SocketConnection
{
    // Null on a plain connection: the loops then call the socket directly, as if TLS did not exist. The loops see the
    // session through ITlsSession, not as an SslStream: Native AOT then compiles SslStream's read, write and shutdown
    // (and the renegotiation and certificate code behind them) only in an application that runs a handshake, the one
    // place that creates a TlsStream. A plain-TCP user of the transport (the DNS client's fallback) carries none of it.
    private ITlsSession? _tls;

    /// <summary>The TLS session, or <see langword="null"/> on a plain connection.</summary>
    public SslStream? Tls => _tls as SslStream;

    /// <summary>
    /// The server's side of the TLS handshake, before <see cref="Start"/>, within <see cref="TransportOptions.TlsHandshakeTimeout"/>.
    /// A failure is logged and counted, the socket stays for the caller to dispose, and a typed error is thrown.
    /// </summary>
    public Task AuthenticateAsServerAsync(SslServerAuthenticationOptions options, CancellationToken cancellationToken) =>
        HandshakeAsync(static (tls, options, token) => tls.AuthenticateAsServerAsync(options, token), options, isServer: true, cancellationToken);

    /// <summary>The client's side of the TLS handshake; see <see cref="AuthenticateAsServerAsync"/>.</summary>
    public Task AuthenticateAsClientAsync(SslClientAuthenticationOptions options, CancellationToken cancellationToken) =>
        HandshakeAsync(static (tls, options, token) => tls.AuthenticateAsClientAsync(options, token), options, isServer: false, cancellationToken);

    private async Task HandshakeAsync<TOptions>(Func<SslStream, TOptions, CancellationToken, Task> authenticate, TOptions options, bool isServer, CancellationToken cancellationToken)
    {
        // The NetworkStream does not own the socket: Abort and DisposeAsync close the socket themselves, as on a plain connection.
        var tls = new TlsStream(new NetworkStream(_socket, ownsSocket: false));
        var started = _timeProvider.GetTimestamp();
        using var deadline = new LinkedTimeout(_handshakeTimeout, _timeProvider, cancellationToken);
        try
        {
            await authenticate(tls, options, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                throw; // the caller's cancellation (a stopping server, a canceled connect) stays itself
            }

            if (IsAborted)
            {
                throw new ConnectionAbortedException(_abortReason ?? "aborted", RemoteEndPoint);
            }

            var failure = TransportTls.Failure(ex, tls, deadline.Token.IsCancellationRequested, _handshakeTimeout, RemoteEndPoint);
            // Counted before it is logged: whoever watches the log (a test waiting on it) then sees the counts too.
            if (isServer)
            {
                _metrics.TlsHandshakeFailed(LocalEndPoint, failure.Reason, _timeProvider.GetElapsedTime(started));
            }

            TransportLog.TlsHandshakeFailed(_logger, Id, failure.Reason, failure.Message);

            throw failure;
        }

        _tls = tls;
        TransportLog.TlsHandshakeCompleted(_logger, Id, tls.SslProtocol, tls.NegotiatedCipherSuite, tls.NegotiatedApplicationProtocol.ToString());
        if (isServer)
        {
            _metrics.TlsHandshakeCompleted(LocalEndPoint, tls.SslProtocol, _timeProvider.GetElapsedTime(started));
        }
    }
}
