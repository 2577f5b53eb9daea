using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace NetPrimitives.Udp;

/// <summary>Logs of the Udp component (event ids 300-399: server 300-319, upper-case 320-339, client 340-359).</summary>
internal static partial class UdpLog
{
    [LoggerMessage(300, LogLevel.Information, "UDP server listening on {LocalEndPoint} with {ReceiveLoops} receive loops")]
    public static partial void ServerStarted(ILogger logger, EndPoint localEndPoint, int receiveLoops);

    [LoggerMessage(301, LogLevel.Information, "UDP server on {LocalEndPoint} stopped: {Statistics}")]
    public static partial void ServerStopped(ILogger logger, EndPoint localEndPoint, DatagramServerStatistics statistics);

    [LoggerMessage(302, LogLevel.Warning, "Datagram from {RemoteEndPoint} is larger than {MaxDatagramSize} bytes ({BytesSeen} seen, -1 = unknown); ignored")]
    public static partial void DatagramTruncated(ILogger logger, EndPoint remoteEndPoint, int bytesSeen, int maxDatagramSize);

    [LoggerMessage(303, LogLevel.Debug, "Datagram from {RemoteEndPoint} dropped: {MaxConcurrentHandlers} handlers already in progress")]
    public static partial void DatagramDropped(ILogger logger, EndPoint remoteEndPoint, int maxConcurrentHandlers);

    [LoggerMessage(304, LogLevel.Error, "Datagram handler failed for a datagram from {RemoteEndPoint}")]
    public static partial void HandlerFailed(ILogger logger, EndPoint remoteEndPoint, Exception exception);

    [LoggerMessage(305, LogLevel.Debug, "Transient receive error {SocketError}; receiving on")]
    public static partial void ReceiveTransientError(ILogger logger, SocketError socketError);

    [LoggerMessage(306, LogLevel.Error, "Receive failed with {SocketError}; receiving on")]
    public static partial void ReceiveFailed(ILogger logger, SocketError socketError, Exception exception);

    [LoggerMessage(307, LogLevel.Warning, "UDP server on {LocalEndPoint} stopped waiting for {PendingHandlers} handlers in progress; canceling them")]
    public static partial void StopTimedOut(ILogger logger, EndPoint localEndPoint, int pendingHandlers);

    [LoggerMessage(308, LogLevel.Critical, "Receive loop {Loop} ended by an unexpected error")]
    public static partial void ReceiveLoopCrashed(ILogger logger, int loop, Exception exception);

    [LoggerMessage(309, LogLevel.Debug, "Datagram handler canceled by the server stopping")]
    public static partial void HandlerCanceled(ILogger logger);

    [LoggerMessage(310, LogLevel.Debug, "Batched reply to {RemoteEndPoint} not sent: {SocketError}; dropped")]
    public static partial void ReplyFailed(ILogger logger, EndPoint remoteEndPoint, SocketError socketError);

    [LoggerMessage(320, LogLevel.Information, "Connection from {RemoteEndPoint}: {Length} bytes")]
    public static partial void UpperCaseRequest(ILogger logger, EndPoint remoteEndPoint, int length);

    [LoggerMessage(321, LogLevel.Warning, "Upper-cased reply to {RemoteEndPoint} would be {ReplyLength}+ bytes, over the {MaxDatagramSize}-byte limit; not answered")]
    public static partial void UpperCaseReplyTooLarge(ILogger logger, EndPoint remoteEndPoint, int replyLength, int maxDatagramSize);

    [LoggerMessage(340, LogLevel.Debug, "No reply from {RemoteEndPoint} within {Timeout} (attempt {Attempt} of {MaxAttempts})")]
    public static partial void AttemptTimedOut(ILogger logger, EndPoint remoteEndPoint, TimeSpan timeout, int attempt, int maxAttempts);

    [LoggerMessage(341, LogLevel.Debug, "Ignored a datagram from {Source}: requests go to {RemoteEndPoint}")]
    public static partial void ForeignDatagramIgnored(ILogger logger, EndPoint source, EndPoint remoteEndPoint);

    [LoggerMessage(342, LogLevel.Debug, "Discarded a late reply from {RemoteEndPoint} to an earlier request")]
    public static partial void LateReplyDiscarded(ILogger logger, EndPoint remoteEndPoint);

    [LoggerMessage(343, LogLevel.Debug, "Nobody is listening on {RemoteEndPoint} (ICMP port unreachable, attempt {Attempt})")]
    public static partial void NobodyListening(ILogger logger, EndPoint remoteEndPoint, int attempt);
}
