using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
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
}
