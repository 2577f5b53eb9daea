using System.Net;
using System.Net.NetworkInformation;
using SystemPing = System.Net.NetworkInformation.Ping;

namespace NetPrimitives.Ping.Engines;

/// <summary>
/// The fallback: <see cref="SystemPing"/>, one request per probe. On Linux without raw sockets it starts the
/// ping program per request, hence the small concurrency bound. RTTs come in whole milliseconds.
/// </summary>
internal sealed class PingClassPinger(int concurrency, int payloadSize) : IPinger
{
    private readonly byte[] _payload = new byte[payloadSize];

    public PingEngine Engine => PingEngine.PingClass;

    public int MaxConcurrency { get; } = concurrency;

    public async ValueTask<ProbeOutcome> ProbeAsync(IPAddress address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var ping = new SystemPing();
        PingMetrics.ProbeSent(Engine);
        var reply = await ping.SendPingAsync(address, timeout, _payload, null, cancellationToken).ConfigureAwait(false);
        return reply.Status switch
        {
            IPStatus.Success => new ProbeOutcome(ProbeStatus.Alive, TimeSpan.FromMilliseconds(reply.RoundtripTime), reply.Options?.Ttl),
            IPStatus.TimedOut => ProbeOutcome.TimedOut,
            IPStatus.DestinationHostUnreachable => new ProbeOutcome(ProbeStatus.Unreachable, IcmpType: 3, IcmpCode: 1, ReportedBy: reply.Address),
            IPStatus.DestinationNetworkUnreachable => new ProbeOutcome(ProbeStatus.Unreachable, IcmpType: 3, IcmpCode: 0, ReportedBy: reply.Address),
            IPStatus.TtlExpired or IPStatus.TimeExceeded => new ProbeOutcome(ProbeStatus.Unreachable, IcmpType: 11, IcmpCode: 0, ReportedBy: reply.Address),
            _ => new ProbeOutcome(ProbeStatus.Unreachable, ReportedBy: reply.Address),
        };
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
