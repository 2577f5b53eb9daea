using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;

namespace NetPrimitives.Udp;

/// <summary>The UDP instruments on the UDP meter (<see cref="NetPrimitivesDiagnostics.Udp"/>), once per meter.</summary>
internal sealed class UdpMetrics(Meter meter)
{
    private static readonly ComponentInstruments<UdpMetrics> Instances = new(NetPrimitivesDiagnostics.Udp, m => new UdpMetrics(m));

    public const string ReasonOverload = "overload";
    public const string ReasonReplyTooLarge = "reply_too_large";
    public const string ReasonSendFailed = "send_failed";

    public Counter<long> DatagramsReceived { get; } = meter.CreateCounter<long>(
        "netprimitives.udp.server.datagrams.received", "{datagram}", "Datagrams received within the size limit.");

    public Counter<long> BytesReceived { get; } = meter.CreateCounter<long>(
        "netprimitives.udp.server.bytes.received", "By", "Payload bytes of the datagrams received.");

    public Counter<long> DatagramsSent { get; } = meter.CreateCounter<long>(
        "netprimitives.udp.server.datagrams.sent", "{datagram}", "Replies sent.");

    public Counter<long> BytesSent { get; } = meter.CreateCounter<long>(
        "netprimitives.udp.server.bytes.sent", "By", "Payload bytes of the replies sent.");

    public Counter<long> DatagramsDropped { get; } = meter.CreateCounter<long>(
        "netprimitives.udp.server.datagrams.dropped", "{datagram}", "Datagrams received but not handled or not answered (tag reason).");

    public Counter<long> DatagramsTruncated { get; } = meter.CreateCounter<long>(
        "netprimitives.udp.server.datagrams.truncated", "{datagram}", "Datagrams larger than the maximum datagram size.");

    public Counter<long> HandlerErrors { get; } = meter.CreateCounter<long>(
        "netprimitives.udp.server.handler.errors", "{error}", "Handler invocations that threw (tag error.type).");

    public Counter<long> ClientRequests { get; } = meter.CreateCounter<long>(
        "netprimitives.udp.client.requests", "{request}", "Requests sent by UdpRequestClient (tag outcome).");

    public Counter<long> ClientAttempts { get; } = meter.CreateCounter<long>(
        "netprimitives.udp.client.attempts", "{attempt}", "Datagrams sent by UdpRequestClient, first tries and retries.");

    public Counter<long> ClientIgnored { get; } = meter.CreateCounter<long>(
        "netprimitives.udp.client.datagrams.ignored", "{datagram}", "Datagrams UdpRequestClient ignored (tag reason: foreign_source, late_reply).");

    /// <summary>The instruments on <paramref name="factory"/>'s UDP meter, or on the process-wide one when it is null.</summary>
    public static UdpMetrics For(IMeterFactory? factory) => Instances.For(factory);
}
