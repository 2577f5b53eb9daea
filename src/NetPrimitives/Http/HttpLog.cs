using System.Net;
using Microsoft.Extensions.Logging;

namespace NetPrimitives.Http;

/// <summary>MiniHttpServer's log events, ids 400-499 (Diagnostics/README.md).</summary>
internal static partial class HttpLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "HTTP server listening on {UrlScheme}://{LocalEndPoint}")]
    public static partial void Started(ILogger logger, string urlScheme, IPEndPoint localEndPoint);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "HTTP server on {LocalEndPoint} stopped")]
    public static partial void Stopped(ILogger logger, IPEndPoint localEndPoint);

    /// <summary>The access log, in Common Log Format: host ident authuser [date] "request line" status bytes.</summary>
    [LoggerMessage(EventId = 402, Level = LogLevel.Information,
        Message = "{RemoteHost} - - [{Timestamp}] \"{Method} {Target} {Protocol}\" {StatusCode} {BodyBytes}")]
    public static partial void Access(ILogger logger, string remoteHost, string timestamp, string method, string target, string protocol, int statusCode, string bodyBytes);

    [LoggerMessage(EventId = 403, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: bad request, answered {StatusCode}: {Reason}")]
    public static partial void BadRequest(ILogger logger, string connectionId, int statusCode, string reason);

    [LoggerMessage(EventId = 404, Level = LogLevel.Error, Message = "Connection {ConnectionId}: handler for {Method} {Path} failed")]
    public static partial void HandlerFailed(ILogger logger, string connectionId, string method, string path, Exception exception);

    [LoggerMessage(EventId = 405, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: request headers not received within {Timeout}, answered 408")]
    public static partial void HeadersTimeout(ILogger logger, string connectionId, TimeSpan timeout);

    [LoggerMessage(EventId = 406, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: response already started when the handler failed; aborting")]
    public static partial void AbortAfterStart(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 407, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: unread request body too large to drain; closing")]
    public static partial void BodyNotDrained(ILogger logger, string connectionId);
}
