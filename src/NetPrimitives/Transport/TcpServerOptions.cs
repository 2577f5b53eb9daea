using System.Net;
using System.Net.Security;

namespace NetPrimitives.Transport;

/// <summary>
/// Where and how a TCP server listens: endpoint, backlog, connection limit and idle timeout, plus the
/// per-connection buffer limits it inherits from <see cref="TransportOptions"/>. Server option classes
/// (for example <c>EchoServerOptions</c>) derive from it. Invalid values throw when set.
/// </summary>
public class TcpServerOptions : TransportOptions
{
    /// <summary>
    /// The address and port to listen on. Default <c>127.0.0.1:0</c>. Port 0 lets the system pick a free port
    /// (read it back from the server's <c>LocalEndPoint</c>). <see cref="IPAddress.IPv6Any"/> (<c>[::]</c>)
    /// listens dual-mode, on IPv4 and IPv6 at once; <see cref="IPAddress.Any"/> is every IPv4 interface.
    /// </summary>
    public IPEndPoint EndPoint { get; set => field = value ?? throw new ArgumentNullException(nameof(value)); } = new(IPAddress.Loopback, 0);

    /// <summary>Length of the kernel's queue of connections not yet accepted. Default 512; must be at least 1.</summary>
    public int Backlog { get; set => field = Positive(value); } = 512;

    /// <summary>
    /// Connections served at once. A connection beyond it is accepted and immediately reset (the peer sees
    /// "connection reset"), so it is refused promptly instead of waiting in the backlog. Default 10,000; at least 1.
    /// </summary>
    public int MaxConnections { get; set => field = Positive(value); } = 10_000;

    /// <summary>
    /// A connection that neither receives nor sends a byte for this long is aborted (also reaps peers that
    /// stopped reading). Default 5 minutes; <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan IdleTimeout { get; set => field = PositiveOrInfinite(value); } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Serve TLS: every accepted connection runs the server's side of a TLS handshake (within
    /// <see cref="TransportOptions.TlsHandshakeTimeout"/>) before the protocol sees a byte, and the protocol then reads
    /// and writes decrypted bytes through the same pipes. Set a certificate (<see cref="SslServerAuthenticationOptions.ServerCertificate"/>
    /// with its private key, <see cref="SslServerAuthenticationOptions.ServerCertificateContext"/>, or a selector by
    /// server name, <see cref="SslServerAuthenticationOptions.ServerCertificateSelectionCallback"/>), and as needed
    /// <see cref="SslServerAuthenticationOptions.ApplicationProtocols"/> (ALPN) and client certificates
    /// (<see cref="SslServerAuthenticationOptions.ClientCertificateRequired"/> with a validation callback). The server
    /// reads the options once, when it is created. A failed handshake closes that connection only: it is logged and
    /// counted, and the server goes on. Default <see langword="null"/>: plain TCP, with no TLS layer at all.
    /// </summary>
    public SslServerAuthenticationOptions? Tls { get; set; }
}
