using System.Net.Security;

namespace NetPrimitives.Transport;

/// <summary>Options for <see cref="TcpConnection.ConnectAsync(string, int, TcpConnectionOptions?, Microsoft.Extensions.Logging.ILogger?, CancellationToken)"/>.</summary>
public class TcpConnectionOptions : TransportOptions
{
    /// <summary>
    /// Time allowed for the whole connect: name resolution and every address tried in turn. When it runs out
    /// the connect fails with <see cref="ConnectTimeoutException"/>. Default 10 seconds; must be positive or
    /// <see cref="Timeout.InfiniteTimeSpan"/>.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set => field = PositiveOrInfinite(value); } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Speak TLS: after the TCP connect, <c>ConnectAsync</c> runs the client's side of a TLS handshake (within
    /// <see cref="TransportOptions.TlsHandshakeTimeout"/>) and the connection's pipes then carry decrypted bytes. The
    /// server's certificate must be valid and carry the name in <see cref="SslClientAuthenticationOptions.TargetHost"/>;
    /// left empty, that is the host given to <c>ConnectAsync</c>. Set
    /// <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/> to decide yourself (pin a
    /// certificate, trust a private authority), <see cref="SslClientAuthenticationOptions.ApplicationProtocols"/> for
    /// ALPN, <see cref="SslClientAuthenticationOptions.ClientCertificates"/> to present one. A refused certificate or
    /// another failure throws <see cref="TlsHandshakeException"/>. Default <see langword="null"/>: plain TCP.
    /// <c>TcpConnection.AcceptAsync</c> does not take it (a client's options).
    /// </summary>
    public SslClientAuthenticationOptions? Tls { get; set; }

    /// <summary>
    /// <b>For tests only.</b> Accept whatever certificate the server shows, valid or not, for any name: with it, TLS
    /// encrypts but no longer proves who the server is, and anyone on the path can read and change the traffic. For a
    /// test server with a throw-away self-signed certificate; never in production (there, trust the test authority
    /// through <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/> instead). Cannot be
    /// combined with a validation callback. Default <see langword="false"/>.
    /// </summary>
    public bool DangerousAcceptAnyServerCertificate { get; set; }
}
