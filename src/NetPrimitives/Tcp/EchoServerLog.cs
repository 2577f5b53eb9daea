using System.Net;
using Microsoft.Extensions.Logging;

namespace NetPrimitives.Tcp;

/// <summary>EchoServer log messages; event ids 200-299 (see Diagnostics/README.md).</summary>
internal static partial class EchoServerLog
{
    [LoggerMessage(200, LogLevel.Information, "Echo server ({Mode}) listening on {EndPoint}")]
    public static partial void Started(ILogger logger, EchoMode mode, EndPoint endPoint);

    [LoggerMessage(201, LogLevel.Information, "Echo server on {EndPoint} stopped")]
    public static partial void Stopped(ILogger logger, EndPoint endPoint);

    [LoggerMessage(202, LogLevel.Debug, "{Session} connected")]
    public static partial void SessionStarted(ILogger logger, EchoSession session);

    [LoggerMessage(203, LogLevel.Debug, "{Session} ended after {Messages} messages")]
    public static partial void SessionEnded(ILogger logger, EchoSession session, long messages);

    [LoggerMessage(204, LogLevel.Warning, "{Session} sent bad input and was disconnected: {Reason}")]
    public static partial void ProtocolError(ILogger logger, EchoSession session, string reason, Exception exception);

    [LoggerMessage(205, LogLevel.Error, "An EchoServer event handler threw; the session goes on")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(206, LogLevel.Debug, "{Session} sent the empty line: ending the session")]
    public static partial void EmptyLine(ILogger logger, EchoSession session);
}
