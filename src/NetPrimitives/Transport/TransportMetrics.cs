using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using NetPrimitives.Diagnostics;

namespace NetPrimitives.Transport;

/// <summary>
/// The transport's instruments on the shared <c>NetPrimitives</c> meter, created once per process. Names and
/// units follow OpenTelemetry conventions (see Diagnostics/README.md). Tags are built only when enabled.
/// </summary>
internal static class TransportMetrics
{
    public static readonly UpDownCounter<long> ActiveConnections = NetPrimitivesDiagnostics.Meter.CreateUpDownCounter<long>(
        "netprimitives.server.active_connections", "{connection}", "Server connections currently open.");

    public static readonly Counter<long> Connections = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.server.connections", "{connection}", "Server connections accepted since start.");

    public static readonly Counter<long> RejectedConnections = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.server.rejected_connections", "{connection}", "Connections reset at once because MaxConnections was reached.");

    public static readonly Histogram<double> ConnectionDuration = NetPrimitivesDiagnostics.Meter.CreateHistogram<double>(
        "netprimitives.server.connection.duration", "s", "How long server connections stayed open.");

    public static readonly Counter<long> BytesReceived = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.transport.bytes_received", "By", "Bytes received on TCP connections (server and client).");

    public static readonly Counter<long> BytesSent = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.transport.bytes_sent", "By", "Bytes sent on TCP connections (server and client).");

    public static readonly Histogram<double> TlsHandshakeDuration = NetPrimitivesDiagnostics.Meter.CreateHistogram<double>(
        "netprimitives.server.tls_handshake.duration", "s", "How long server TLS handshakes took, failed ones included (tagged error.type).");

    public static readonly Counter<long> TlsHandshakeFailures = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.server.tls_handshake.failures", "{handshake}", "Server TLS handshakes that failed, by reason (error.type).");

    public static void TlsHandshakeCompleted(EndPoint? local, SslProtocols protocol, TimeSpan duration)
    {
        if (TlsHandshakeDuration.Enabled)
        {
            TlsHandshakeDuration.Record(duration.TotalSeconds, NetworkType(local), new("tls.protocol.version", ProtocolVersion(protocol)));
        }
    }

    public static void TlsHandshakeFailed(EndPoint? local, TlsHandshakeFailure reason, TimeSpan duration)
    {
        if (TlsHandshakeDuration.Enabled)
        {
            TlsHandshakeDuration.Record(duration.TotalSeconds, NetworkType(local), ErrorType(reason));
        }

        if (TlsHandshakeFailures.Enabled)
        {
            TlsHandshakeFailures.Add(1, NetworkType(local), ErrorType(reason));
        }
    }

    public static void ConnectionOpened(EndPoint? local)
    {
        if (ActiveConnections.Enabled)
        {
            ActiveConnections.Add(1, NetworkType(local));
        }

        if (Connections.Enabled)
        {
            Connections.Add(1, NetworkType(local));
        }
    }

    public static void ConnectionClosed(EndPoint? local, TimeSpan duration)
    {
        if (ActiveConnections.Enabled)
        {
            ActiveConnections.Add(-1, NetworkType(local));
        }

        if (ConnectionDuration.Enabled)
        {
            ConnectionDuration.Record(duration.TotalSeconds, NetworkType(local));
        }
    }

    public static void Rejected(EndPoint? local)
    {
        if (RejectedConnections.Enabled)
        {
            RejectedConnections.Add(1, NetworkType(local));
        }
    }

    private static KeyValuePair<string, object?> NetworkType(EndPoint? local) =>
        new("network.type", local?.AddressFamily == AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4");

    private static KeyValuePair<string, object?> ErrorType(TlsHandshakeFailure reason) => new("error.type", reason switch
    {
        TlsHandshakeFailure.Timeout => "timeout",
        TlsHandshakeFailure.PeerClosed => "peer_closed",
        TlsHandshakeFailure.CertificateRejected => "certificate_rejected",
        TlsHandshakeFailure.NoSharedProtocol => "no_shared_protocol",
        TlsHandshakeFailure.NotTls => "not_tls",
        _ => "other",
    });

    // OpenTelemetry's tls.protocol.version: "1.2", "1.3".
#pragma warning disable SYSLIB0039 // TLS 1.0 and 1.1 are obsolete, but a peer may still negotiate them, and the tag must name them
    private static string ProtocolVersion(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "1.3",
        SslProtocols.Tls12 => "1.2",
        SslProtocols.Tls11 => "1.1",
        SslProtocols.Tls => "1.0",
        _ => protocol.ToString(),
    };
#pragma warning restore SYSLIB0039
}
