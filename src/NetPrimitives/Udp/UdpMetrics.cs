using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;

namespace NetPrimitives.Udp;

/// <summary>The UDP instruments on the NetPrimitives meter (created once per process).</summary>
internal static class UdpMetrics
{
    public const string ReasonOverload = "overload";
    public const string ReasonReplyTooLarge = "reply_too_large";
    public const string ReasonSendFailed = "send_failed";

    public static readonly Counter<long> DatagramsReceived = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.udp.server.datagrams.received", "{datagram}", "Datagrams received within the size limit.");

    public static readonly Counter<long> BytesReceived = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.udp.server.bytes.received", "By", "Payload bytes of the datagrams received.");

    public static readonly Counter<long> DatagramsSent = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.udp.server.datagrams.sent", "{datagram}", "Replies sent.");

    public static readonly Counter<long> BytesSent = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.udp.server.bytes.sent", "By", "Payload bytes of the replies sent.");

    public static readonly Counter<long> DatagramsDropped = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.udp.server.datagrams.dropped", "{datagram}", "Datagrams received but not handled or not answered (tag reason).");

    public static readonly Counter<long> DatagramsTruncated = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.udp.server.datagrams.truncated", "{datagram}", "Datagrams larger than the maximum datagram size.");

    public static readonly Counter<long> HandlerErrors = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.udp.server.handler.errors", "{error}", "Handler invocations that threw (tag error.type).");

    public static readonly Counter<long> ClientRequests = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.udp.client.requests", "{request}", "Requests sent by UdpRequestClient (tag outcome).");

    public static readonly Counter<long> ClientAttempts = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.udp.client.attempts", "{attempt}", "Datagrams sent by UdpRequestClient, first tries and retries.");

    public static readonly Counter<long> ClientIgnored = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.udp.client.datagrams.ignored", "{datagram}", "Datagrams UdpRequestClient ignored (tag reason: foreign_source, late_reply).");
}
