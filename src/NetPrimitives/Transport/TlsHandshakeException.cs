using System.Net;
using System.Net.Security;

namespace NetPrimitives.Transport;

/// <summary>Why a TLS handshake failed, as <see cref="TlsHandshakeException.Reason"/> tells it.</summary>
public enum TlsHandshakeFailure
{
    /// <summary>Something else went wrong; <see cref="Exception.InnerException"/> has the details.</summary>
    Other,

    /// <summary>The handshake did not complete within <see cref="TransportOptions.TlsHandshakeTimeout"/>.</summary>
    Timeout,

    /// <summary>The peer closed or reset the connection during the handshake.</summary>
    PeerClosed,

    /// <summary>
    /// A certificate was refused: the peer's, by this side's validation (<see cref="TlsHandshakeException.CertificateErrors"/>
    /// says why), or this side's, by the peer (it ended the handshake with a certificate alert).
    /// </summary>
    CertificateRejected,

    /// <summary>The two sides share no TLS version, cipher suite or application protocol (ALPN).</summary>
    NoSharedProtocol,

    /// <summary>The peer does not speak TLS: its first bytes are not a TLS record (plain text, garbage, a plain-text server's reply).</summary>
    NotTls,
}

/// <summary>
/// A TLS handshake failed. On a server the connection is closed, the failure is logged and counted
/// (<c>netprimitives.server.tls_handshake.failures</c>), and the listener goes on serving others; a client's
/// <c>TcpConnection.ConnectAsync</c> throws it.
/// </summary>
/// <param name="reason">Why it failed.</param>
/// <param name="message">What failed, in words.</param>
/// <param name="endPoint">The remote endpoint.</param>
/// <param name="certificateErrors">What this side's validation found wrong with the peer's certificate, when it refused it.</param>
/// <param name="innerException">The exception <see cref="SslStream"/> threw, if any.</param>
public sealed class TlsHandshakeException(
    TlsHandshakeFailure reason, string message, EndPoint? endPoint, SslPolicyErrors certificateErrors = SslPolicyErrors.None, Exception? innerException = null)
    : TransportException(message, endPoint, innerException)
{
    /// <summary>Why the handshake failed.</summary>
    public TlsHandshakeFailure Reason { get; } = reason;

    /// <summary>
    /// When this side refused the peer's certificate: what was wrong with it (name mismatch, untrusted chain, none
    /// sent). <see cref="SslPolicyErrors.None"/> otherwise, and when a validation callback refused a certificate the
    /// system found valid.
    /// </summary>
    public SslPolicyErrors CertificateErrors { get; } = certificateErrors;
}
