using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using NetPrimitives.Diagnostics;

namespace NetPrimitives.Transport;

/// <summary>
/// The transport's instruments on its meter (<see cref="NetPrimitivesDiagnostics.Transport"/>), once per meter: names
/// like Kestrel's (<c>kestrel.active_connections</c> → <c>netprimitives.server.active_connections</c>, and so on) with
/// the conventions' network tags. Tags are built only when an instrument is enabled.
/// </summary>
internal sealed class TransportMetrics
{
    private static readonly ComponentInstruments<TransportMetrics> Instances = new(NetPrimitivesDiagnostics.Transport, meter => new TransportMetrics(meter));

    private TransportMetrics(Meter meter)
    {
        ActiveConnections = meter.CreateUpDownCounter<long>(
            "netprimitives.server.active_connections", "{connection}", "Server connections currently open.");
        Connections = meter.CreateCounter<long>(
            "netprimitives.server.connections", "{connection}", "Server connections accepted since start.");
        RejectedConnections = meter.CreateCounter<long>(
            "netprimitives.server.rejected_connections", "{connection}", "Connections reset at once because MaxConnections was reached.");
        ConnectionDuration = meter.CreateHistogram(
            "netprimitives.server.connection.duration", "s", "How long server connections stayed open.", advice: ComponentMeter.ConnectionDurations);
        BytesReceived = meter.CreateCounter<long>(
            "netprimitives.transport.bytes_received", "By", "Bytes received on TCP connections (server and client).");
        BytesSent = meter.CreateCounter<long>(
            "netprimitives.transport.bytes_sent", "By", "Bytes sent on TCP connections (server and client).");
        TlsHandshakeDuration = meter.CreateHistogram(
            "netprimitives.server.tls_handshake.duration", "s", "How long server TLS handshakes took, failed ones included (tagged error.type).",
            advice: ComponentMeter.ShortDurations);
        TlsHandshakeFailures = meter.CreateCounter<long>(
            "netprimitives.server.tls_handshake.failures", "{handshake}", "Server TLS handshakes that failed, by reason (error.type).");
    }

    public UpDownCounter<long> ActiveConnections { get; }

    public Counter<long> Connections { get; }

    public Counter<long> RejectedConnections { get; }

    public Histogram<double> ConnectionDuration { get; }

    public Counter<long> BytesReceived { get; }

    public Counter<long> BytesSent { get; }

    public Histogram<double> TlsHandshakeDuration { get; }

    public Counter<long> TlsHandshakeFailures { get; }

    /// <summary>The instruments on <paramref name="factory"/>'s transport meter, or on the process-wide one when it is null.</summary>
    public static TransportMetrics For(IMeterFactory? factory) => Instances.For(factory);

    public void TlsHandshakeCompleted(EndPoint? local, SslProtocols protocol, TimeSpan duration)
    {
        if (TlsHandshakeDuration.Enabled)
        {
            TlsHandshakeDuration.Record(duration.TotalSeconds, Transport, NetworkType(local), new("tls.protocol.version", ProtocolVersion(protocol)));
        }
    }

    public void TlsHandshakeFailed(EndPoint? local, TlsHandshakeFailure reason, TimeSpan duration)
    {
        if (TlsHandshakeDuration.Enabled)
        {
            TlsHandshakeDuration.Record(duration.TotalSeconds, Transport, NetworkType(local), ErrorType(reason));
        }

        if (TlsHandshakeFailures.Enabled)
        {
            TlsHandshakeFailures.Add(1, Transport, NetworkType(local), ErrorType(reason));
        }
    }

    public void ConnectionOpened(EndPoint? local)
    {
        if (ActiveConnections.Enabled)
        {
            ActiveConnections.Add(1, Transport, NetworkType(local));
        }

        if (Connections.Enabled)
        {
            Connections.Add(1, Transport, NetworkType(local));
        }
    }

    public void ConnectionClosed(EndPoint? local, TimeSpan duration)
    {
        if (ActiveConnections.Enabled)
        {
            ActiveConnections.Add(-1, Transport, NetworkType(local));
        }

        if (ConnectionDuration.Enabled)
        {
            ConnectionDuration.Record(duration.TotalSeconds, Transport, NetworkType(local));
        }
    }

    public void Rejected(EndPoint? local)
    {
        if (RejectedConnections.Enabled)
        {
            RejectedConnections.Add(1, Transport, NetworkType(local));
        }
    }

    // network.transport and network.type, as Kestrel tags its connection instruments.
    private static KeyValuePair<string, object?> Transport => new("network.transport", "tcp");

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
