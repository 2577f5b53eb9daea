using System.Net;
using Microsoft.Extensions.Logging;

namespace NetPrimitives.Transport;

/// <summary>Transport log messages; event ids 100-199 (see Diagnostics/README.md).</summary>
internal static partial class TransportLog
{
    [LoggerMessage(100, LogLevel.Information, "Listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, EndPoint endPoint);

    [LoggerMessage(101, LogLevel.Debug, "Connection {ConnectionId} accepted from {RemoteEndPoint}")]
    public static partial void ConnectionAccepted(ILogger logger, string connectionId, EndPoint? remoteEndPoint);

    [LoggerMessage(102, LogLevel.Debug, "Connection {ConnectionId} received FIN from the peer")]
    public static partial void ConnectionReadFin(ILogger logger, string connectionId);

    [LoggerMessage(103, LogLevel.Debug, "Connection {ConnectionId} reset by the peer")]
    public static partial void ConnectionReset(ILogger logger, string connectionId);

    [LoggerMessage(104, LogLevel.Debug, "Connection {ConnectionId} aborted: {Reason}")]
    public static partial void ConnectionAborted(ILogger logger, string connectionId, string reason);

    [LoggerMessage(105, LogLevel.Debug, "Connection {ConnectionId} closed after {Duration} ms, {BytesReceived} bytes in, {BytesSent} bytes out")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId, long duration, long bytesReceived, long bytesSent);

    [LoggerMessage(106, LogLevel.Warning, "Connection {ConnectionId} refused from {RemoteEndPoint}: {MaxConnections} connections already active")]
    public static partial void ConnectionRefused(ILogger logger, string connectionId, EndPoint? remoteEndPoint, int maxConnections);

    [LoggerMessage(107, LogLevel.Information, "Connection {ConnectionId} idle for {IdleTimeout}, closing it")]
    public static partial void ConnectionIdle(ILogger logger, string connectionId, TimeSpan idleTimeout);

    [LoggerMessage(108, LogLevel.Warning, "Connection {ConnectionId} failed with an unexpected error")]
    public static partial void ConnectionError(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(109, LogLevel.Error, "Unhandled exception in the handler of connection {ConnectionId}")]
    public static partial void HandlerError(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(110, LogLevel.Warning, "Accepting a connection failed; the listener goes on")]
    public static partial void AcceptError(ILogger logger, Exception exception);

    [LoggerMessage(111, LogLevel.Information, "Stopping listener on {EndPoint}: {Count} connections to drain")]
    public static partial void Stopping(ILogger logger, EndPoint endPoint, int count);

    [LoggerMessage(112, LogLevel.Warning, "Stop deadline reached: aborting {Count} connections still open")]
    public static partial void AbortingOnStop(ILogger logger, int count);

    [LoggerMessage(113, LogLevel.Debug, "Connecting to {Target}: trying {Address}")]
    public static partial void ConnectAttempt(ILogger logger, string target, EndPoint address);

    [LoggerMessage(114, LogLevel.Debug, "Connecting to {Target}: {Address} failed ({SocketError})")]
    public static partial void ConnectAttemptFailed(ILogger logger, string target, EndPoint address, System.Net.Sockets.SocketError socketError);

    [LoggerMessage(115, LogLevel.Warning, "{Count} connection handlers did not finish after being aborted")]
    public static partial void HandlersStuck(ILogger logger, int count);

    [LoggerMessage(116, LogLevel.Debug, "Connection {ConnectionId} TLS handshake done: {TlsProtocol}, {CipherSuite}, ALPN '{ApplicationProtocol}'")]
    public static partial void TlsHandshakeCompleted(ILogger logger, string connectionId, System.Security.Authentication.SslProtocols tlsProtocol, System.Net.Security.TlsCipherSuite cipherSuite, string applicationProtocol);

    // Debug, as a reset is: a scanner or a plain-text client on a TLS port is normal life on the internet.
    [LoggerMessage(117, LogLevel.Debug, "Connection {ConnectionId} TLS handshake failed ({Reason}): {Message}")]
    public static partial void TlsHandshakeFailed(ILogger logger, string connectionId, TlsHandshakeFailure reason, string message);
}
