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
}
