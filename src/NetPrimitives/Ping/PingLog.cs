using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace NetPrimitives.Ping;

/// <summary>Logs of the ping sweeper, event ids 700-799 (see Diagnostics/README.md).</summary>
internal sealed partial class PingLog(ILogger logger)
{
    [LoggerMessage(700, LogLevel.Information, "Ping engine {Engine} selected: {Reason}")]
    public partial void EngineSelected(PingEngine engine, string reason);

    [LoggerMessage(701, LogLevel.Debug, "Ping engine {Engine} unavailable: {Reason}")]
    public partial void EngineUnavailable(PingEngine engine, string reason);

    [LoggerMessage(702, LogLevel.Information, "Sweep of {Targets} targets started ({Engine}, timeout {TimeoutMs} ms, {Retries} retries, {Rate} probes/s)")]
    public partial void SweepStarted(long targets, PingEngine engine, double timeoutMs, int retries, int rate);

    [LoggerMessage(703, LogLevel.Information, "Sweep finished: {Summary}")]
    public partial void SweepFinished(SweepSummary summary);

    [LoggerMessage(704, LogLevel.Debug, "Probe to {Address} dropped by the local send queue ({Error}); it will time out and be retried")]
    public partial void SendDropped(IPAddress address, SocketError error);

    [LoggerMessage(705, LogLevel.Debug, "ICMP receive reported {Error}; still receiving")]
    public partial void ReceiveError(SocketError error);

    [LoggerMessage(706, LogLevel.Debug, "Target {HostName} did not resolve: {Reason}")]
    public partial void NameNotResolved(string hostName, string reason);

    [LoggerMessage(707, LogLevel.Error, "Sweep failed")]
    public partial void SweepFailed(Exception exception);

    [LoggerMessage(708, LogLevel.Debug, "recvmsg on the ICMP datagram socket reported errno {Errno}; reading its error queue and still receiving")]
    public partial void ReceiveErrno(int errno);

    private readonly ILogger _logger = logger;
}
