using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace NetPrimitives.Transport;

// TLS in the transport, the parts that are not the connection: the per-server and per-client authentication options
// as the handshake uses them, and the reading of a failed handshake into a TlsHandshakeFailure. SslStream's errors
// carry no code, only exception types and OpenSSL's (or SChannel's) words, so the reading is by type first, then by
// the words OpenSSL uses; what matches nothing is Other, with the original kept as the inner exception.
internal static class TransportTls
{
    // A server's options once, when the listener is made: the certificate's context (its chain) built once instead of
    // at every handshake, and the validation callback wrapped so that a refused client certificate is named.
    // applicationProtocols: what the protocol on top speaks (HTTP/1.1 only, for MiniHttpServer), in place of the
    // caller's ALPN list, since agreeing on a protocol the server cannot speak would be worse than no agreement.
    public static SslServerAuthenticationOptions ForServer(SslServerAuthenticationOptions options, List<SslApplicationProtocol>? applicationProtocols = null)
    {
        if (options.ServerCertificate is null && options.ServerCertificateContext is null && options.ServerCertificateSelectionCallback is null)
        {
            throw new ArgumentException(
                "The TLS options need a server certificate: set ServerCertificate, ServerCertificateContext or ServerCertificateSelectionCallback.",
                nameof(TcpServerOptions.Tls));
        }

        var context = options.ServerCertificateContext;
        if (context is null && options.ServerCertificateSelectionCallback is null && options.ServerCertificate is X509Certificate2 certificate)
        {
            if (!certificate.HasPrivateKey)
            {
                throw new ArgumentException("The server certificate has no private key.", nameof(TcpServerOptions.Tls));
            }

            context = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
        }

        return new SslServerAuthenticationOptions
        {
            AllowRenegotiation = options.AllowRenegotiation,
            AllowTlsResume = options.AllowTlsResume,
            ApplicationProtocols = applicationProtocols ?? options.ApplicationProtocols,
            CertificateChainPolicy = options.CertificateChainPolicy,
            CertificateRevocationCheckMode = options.CertificateRevocationCheckMode,
            CipherSuitesPolicy = options.CipherSuitesPolicy,
            ClientCertificateRequired = options.ClientCertificateRequired,
            EnabledSslProtocols = options.EnabledSslProtocols,
            EncryptionPolicy = options.EncryptionPolicy,
            RemoteCertificateValidationCallback = Recording(options.RemoteCertificateValidationCallback, acceptAny: false, certificateOptional: !options.ClientCertificateRequired),
            ServerCertificate = context is null ? options.ServerCertificate : null,
            ServerCertificateContext = context,
            ServerCertificateSelectionCallback = context is null ? options.ServerCertificateSelectionCallback : null,
        };
    }

    // A client's options for one connect: the caller's, with the target host defaulting to the host it connects to
    // (so the server's name is checked), and the validation callback wrapped like the server's.
    public static SslClientAuthenticationOptions ForClient(SslClientAuthenticationOptions options, string host, bool acceptAny)
    {
        if (acceptAny && options.RemoteCertificateValidationCallback is not null)
        {
            throw new ArgumentException(
                "DangerousAcceptAnyServerCertificate and a RemoteCertificateValidationCallback exclude each other.", nameof(TcpConnectionOptions.Tls));
        }

        return new SslClientAuthenticationOptions
        {
            AllowRenegotiation = options.AllowRenegotiation,
            AllowTlsResume = options.AllowTlsResume,
            ApplicationProtocols = options.ApplicationProtocols,
            CertificateChainPolicy = options.CertificateChainPolicy,
            CertificateRevocationCheckMode = options.CertificateRevocationCheckMode,
            CipherSuitesPolicy = options.CipherSuitesPolicy,
            ClientCertificateContext = options.ClientCertificateContext,
            ClientCertificates = options.ClientCertificates,
            EnabledSslProtocols = options.EnabledSslProtocols,
            EncryptionPolicy = options.EncryptionPolicy,
            LocalCertificateSelectionCallback = options.LocalCertificateSelectionCallback,
            RemoteCertificateValidationCallback = Recording(options.RemoteCertificateValidationCallback, acceptAny, certificateOptional: false),
            TargetHost = string.IsNullOrEmpty(options.TargetHost) ? host : options.TargetHost,
        };
    }

    // The caller's validation (or the system's verdict: no errors) with the refusal written on the stream, so that the
    // failure can say "certificate refused: RemoteCertificateNameMismatch" instead of SslStream's generic words. Without
    // a callback of the caller's, the verdict is SslStream's own: no errors, where a server that does not ask for a
    // client certificate does not mind its absence (SslStream reports it to a callback all the same).
    private static RemoteCertificateValidationCallback Recording(RemoteCertificateValidationCallback? validate, bool acceptAny, bool certificateOptional) =>
        (sender, certificate, chain, errors) =>
        {
            var ignored = certificateOptional && certificate is null ? SslPolicyErrors.RemoteCertificateNotAvailable : SslPolicyErrors.None;
            var accepted = acceptAny || (validate?.Invoke(sender, certificate, chain, errors) ?? (errors & ~ignored) == SslPolicyErrors.None);
            if (!accepted && sender is TlsStream stream)
            {
                stream.Refused = true;
                stream.RefusedErrors = errors;
            }

            return accepted;
        };

    public static TlsHandshakeException Failure(Exception ex, TlsStream stream, bool timedOut, TimeSpan timeout, EndPoint? remote)
    {
        if (timedOut)
        {
            return new(TlsHandshakeFailure.Timeout, $"The TLS handshake with {remote} did not complete within {timeout.TotalSeconds:0.###} s.", remote, innerException: ex);
        }

        if (stream.Refused)
        {
            return new(TlsHandshakeFailure.CertificateRejected, $"The certificate of {remote} was refused: {stream.RefusedErrors}.", remote, stream.RefusedErrors, ex);
        }

        var reason = Classify(ex);
        var what = reason switch
        {
            TlsHandshakeFailure.PeerClosed => "the peer closed the connection",
            TlsHandshakeFailure.CertificateRejected => "the peer refused this side's certificate",
            TlsHandshakeFailure.NoSharedProtocol => "no TLS version, cipher suite or application protocol in common",
            TlsHandshakeFailure.NotTls => "the peer does not speak TLS",
            _ => ex.Message,
        };
        return new(reason, $"The TLS handshake with {remote} failed: {what}.", remote, innerException: ex);
    }

    private static TlsHandshakeFailure Classify(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException or ObjectDisposedException || Has(e, "unexpected EOF", "0 bytes from the transport"))
            {
                return TlsHandshakeFailure.PeerClosed;
            }

            if (Has(e, "certificate", "unknown ca", "decrypt error"))
            {
                return TlsHandshakeFailure.CertificateRejected;
            }

            if (Has(e, "no shared cipher", "unsupported protocol", "no application protocol", "protocol version", "no protocols available", "no suitable"))
            {
                return TlsHandshakeFailure.NoSharedProtocol;
            }

            if (Has(e, "wrong version number", "packet length too long", "http request", "unexpected packet format", "frame size", "corrupted frame", "record layer failure", "unexpected message"))
            {
                return TlsHandshakeFailure.NotTls;
            }
        }

        return TlsHandshakeFailure.Other;

        static bool Has(Exception e, params ReadOnlySpan<string> words)
        {
            foreach (var word in words)
            {
                if (e.Message.Contains(word, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }
}

// The connection's SslStream, with room for what the validation callback decided (the callback gets the stream as its
// sender): one shared callback per server instead of a closure per connection.
internal sealed class TlsStream(Stream inner) : SslStream(inner, leaveInnerStreamOpen: false), ITlsSession
{
    public bool Refused { get; set; }

    public SslPolicyErrors RefusedErrors { get; set; }
}

// What SocketConnection's loops do with a TLS session (SslStream's own methods implement it); see SocketConnection._tls.
internal interface ITlsSession : IDisposable
{
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default);

    Task ShutdownAsync();
}
