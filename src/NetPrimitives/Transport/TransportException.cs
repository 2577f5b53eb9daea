using System.Net;
using System.Net.Sockets;

namespace NetPrimitives.Transport;

/// <summary>
/// Base of the transport's typed errors. A socket failure is wrapped at the library boundary into one of
/// <see cref="AddressInUseException"/>, <see cref="ConnectionRefusedException"/>, <see cref="ConnectTimeoutException"/>,
/// <see cref="ConnectionResetException"/>, <see cref="ConnectionAbortedException"/> or this base type, with the
/// original <see cref="SocketException"/> (when there is one) kept as <see cref="Exception.InnerException"/>.
/// It derives from <see cref="IOException"/> so code that already catches I/O errors keeps working.
/// </summary>
public class TransportException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="endPoint">The endpoint involved, if known.</param>
    /// <param name="innerException">The underlying exception, usually a <see cref="SocketException"/>.</param>
    public TransportException(string message, EndPoint? endPoint = null, Exception? innerException = null)
        : base(message, innerException)
    {
        EndPoint = endPoint;
        SocketError = (innerException as SocketException)?.SocketErrorCode ?? SocketError.SocketError;
    }

    /// <summary>The local endpoint (bind) or remote endpoint (connect, I/O) involved, if known.</summary>
    public EndPoint? EndPoint { get; }

    /// <summary>The socket error code of the inner <see cref="SocketException"/>, or <see cref="SocketError.SocketError"/> without one.</summary>
    public SocketError SocketError { get; }
}

/// <summary>Binding a listener failed because the address and port are already in use (<see cref="SocketError.AddressAlreadyInUse"/>).</summary>
/// <param name="endPoint">The endpoint that could not be bound.</param>
/// <param name="innerException">The original <see cref="SocketException"/>.</param>
public sealed class AddressInUseException(EndPoint endPoint, Exception? innerException = null)
    : TransportException($"Cannot listen on {endPoint}: the address is already in use.", endPoint, innerException);

/// <summary>
/// A connect was refused: nothing listens at the remote endpoint (<see cref="SocketError.ConnectionRefused"/>), or
/// the server reset the connection during the handshake (a server at its connection limit does that).
/// </summary>
/// <param name="endPoint">The endpoint that refused (the last one tried when a name had several addresses).</param>
/// <param name="innerException">The original <see cref="SocketException"/>.</param>
public sealed class ConnectionRefusedException(EndPoint endPoint, Exception? innerException = null)
    : TransportException($"Connection to {endPoint} was refused.", endPoint, innerException);

/// <summary>A connect did not complete within its timeout.</summary>
/// <param name="target">The host and port being connected to.</param>
/// <param name="timeout">The timeout that ran out.</param>
/// <param name="innerException">The cancellation or socket exception that ended the attempt, if any.</param>
public sealed class ConnectTimeoutException(string target, TimeSpan timeout, Exception? innerException = null)
    : TransportException(
        timeout > TimeSpan.Zero
            ? $"Connecting to {target} timed out after {timeout.TotalSeconds:0.###} s."
            : $"Connecting to {target} timed out (the system's connect timeout).",
        null,
        innerException)
{
    /// <summary>The timeout that ran out; <see cref="TimeSpan.Zero"/> when the system's own connect timeout ended it.</summary>
    public TimeSpan Timeout { get; } = timeout;
}

/// <summary>
/// The peer reset the connection (<see cref="SocketError.ConnectionReset"/>). Normal life on the internet:
/// the transport logs it at Debug and completes the connection's input with this exception.
/// </summary>
/// <param name="endPoint">The remote endpoint.</param>
/// <param name="innerException">The original <see cref="SocketException"/>.</param>
public sealed class ConnectionResetException(EndPoint? endPoint, Exception? innerException = null)
    : TransportException($"The connection with {endPoint} was reset by the peer.", endPoint, innerException);

/// <summary>The connection was aborted on this side (idle timeout, server stop, <c>Abort()</c>).</summary>
/// <param name="reason">Why it was aborted.</param>
/// <param name="endPoint">The remote endpoint.</param>
public sealed class ConnectionAbortedException(string reason, EndPoint? endPoint)
    : TransportException($"The connection with {endPoint} was aborted: {reason}.", endPoint);
