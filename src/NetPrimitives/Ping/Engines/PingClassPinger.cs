using System.ComponentModel;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using SystemPing = System.Net.NetworkInformation.Ping;

namespace NetPrimitives.Ping.Engines;

/// <summary>
/// The fallback: <see cref="SystemPing"/>, one request per probe. On Linux without raw sockets it starts the
/// ping program per request, hence the small concurrency bound. RTTs come in whole milliseconds.
/// </summary>
internal sealed class PingClassPinger(int concurrency, int payloadSize,
    Func<IPAddress, TimeSpan, byte[], CancellationToken, Task<PingReply>>? send = null, PingMetrics? metrics = null) : IPinger
{
    private readonly PingMetrics _metrics = metrics ?? PingMetrics.For(null);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    // Once per family and process: the answer does not change while the process runs (issue 15).
    private static readonly Lazy<(string Reason, Exception? Exception)?> Ipv4Unavailable = new(() => ProbeLoopback(IPAddress.Loopback));
    private static readonly Lazy<(string Reason, Exception? Exception)?> Ipv6Unavailable = new(() => ProbeLoopback(IPAddress.IPv6Loopback));

    private readonly byte[] _payload = new byte[payloadSize];
    private readonly Func<IPAddress, TimeSpan, byte[], CancellationToken, Task<PingReply>> _send = send ?? SendAsync;

    public PingEngine Engine => PingEngine.PingClass;

    public int MaxConcurrency { get; } = concurrency;

    /// <summary>Null where the Ping class can run for <paramref name="family"/>; otherwise why not, and the error that showed it.</summary>
    public static (string Reason, Exception? Exception)? WhyUnavailable(AddressFamily family) =>
        (family == AddressFamily.InterNetworkV6 ? Ipv6Unavailable : Ipv4Unavailable).Value;

    public async ValueTask<ProbeOutcome> ProbeAsync(IPAddress address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _metrics.ProbeSent(Engine);
        PingReply reply;
        try
        {
            reply = await _send(address, timeout, _payload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (MeansCannotRun(ex))
        {
            // No target can be probed either (for example ping is installed but not ping6): end the sweep with the
            // typed error, not PlatformNotSupportedException out of the enumeration (issue 15).
            throw new PingEngineUnavailableException(Engine, CannotRun(ex), ex);
        }

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

    private static async Task<PingReply> SendAsync(IPAddress address, TimeSpan timeout, byte[] payload, CancellationToken cancellationToken)
    {
        using var ping = new SystemPing();
        return await ping.SendPingAsync(address, timeout, payload, null, cancellationToken).ConfigureAwait(false);
    }

    // Where the process may open neither a raw nor a datagram ICMP socket, the Ping class runs the ping utility:
    // none installed is PlatformNotSupportedException, one it cannot start a PingException around a Win32Exception.
    // A PingException around a SocketException (itself a Win32Exception) is about one target (no route, say).
    private static bool MeansCannotRun(Exception ex) =>
        ex is PlatformNotSupportedException or PingException { InnerException: Win32Exception and not SocketException };

    private static string CannotRun(Exception ex) =>
        $"the Ping class cannot run: {(ex is PingException { InnerException: { } inner } ? inner.Message : ex.Message)}";

    // A ping utility that may not open its socket exits 2, which the Ping class reports as a time-out: so only an
    // answer from loopback (which always answers on Linux) shows that it works.
    private static (string Reason, Exception? Exception)? ProbeLoopback(IPAddress loopback)
    {
        try
        {
            using var ping = new SystemPing();
            var reply = ping.Send(loopback, (int)ProbeTimeout.TotalMilliseconds);
            return reply.Status == IPStatus.Success
                ? null
                : ($"the Ping class cannot run: its probe of {loopback} got {reply.Status} (a ping utility without permission to send reports that)", null);
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or PingException)
        {
            return (CannotRun(ex), ex);
        }
    }
}
