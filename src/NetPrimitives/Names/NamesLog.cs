using System.Net;
using Microsoft.Extensions.Logging;

namespace NetPrimitives.Names;

/// <summary>Log messages of the Names component (event ids 600–699).</summary>
internal static partial class NamesLog
{
    [LoggerMessage(600, LogLevel.Debug, "Lookup of {Query} failed: {Error}")]
    public static partial void LookupFailed(ILogger logger, string query, HostResolutionError error);

    [LoggerMessage(601, LogLevel.Warning, "Lookup of {Query} timed out after {Timeout}")]
    public static partial void LookupTimedOut(ILogger logger, string query, TimeSpan timeout);

    [LoggerMessage(602, LogLevel.Debug, "Lookup of {Query} resolved to {Count} address(es)")]
    public static partial void LookupSucceeded(ILogger logger, string query, int count);

    [LoggerMessage(610, LogLevel.Debug, "DNS response ignored from {Source}: {Reason}")]
    public static partial void DnsResponseIgnored(ILogger logger, EndPoint source, string reason);

    [LoggerMessage(611, LogLevel.Debug, "DNS response for {Name} {Type} truncated; retrying over TCP to {Server}")]
    public static partial void DnsTruncated(ILogger logger, string name, DnsRecordType type, EndPoint server);

    [LoggerMessage(612, LogLevel.Debug, "DNS query {Name} {Type} to {Server}: attempt {Attempt} timed out")]
    public static partial void DnsAttemptTimedOut(ILogger logger, string name, DnsRecordType type, EndPoint server, int attempt);

    [LoggerMessage(613, LogLevel.Debug, "DNS query {Name} {Type} answered from cache")]
    public static partial void DnsCacheHit(ILogger logger, string name, DnsRecordType type);
}
