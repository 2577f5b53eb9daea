using System.Net;

namespace NetPrimitives.Udp;

/// <summary>A <see cref="UdpRequestClient"/> request that got no usable reply. The subclasses say why.</summary>
/// <param name="message">What happened.</param>
/// <param name="remoteEndPoint">The server asked.</param>
/// <param name="attempts">How many times the request was sent.</param>
/// <param name="innerException">The socket error behind it, if any.</param>
public class UdpRequestException(string message, EndPoint remoteEndPoint, int attempts, Exception? innerException = null)
    : IOException(message, innerException)
{
    /// <summary>The server the request was sent to.</summary>
    public EndPoint RemoteEndPoint { get; } = remoteEndPoint;

    /// <summary>How many times the request was sent (first try plus retries).</summary>
    public int Attempts { get; } = attempts;
}

/// <summary>No reply came from the server within the attempts allowed (the server is down, or datagrams were lost).</summary>
public sealed class UdpRequestTimeoutException : UdpRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="remoteEndPoint">The server asked.</param>
    /// <param name="attempts">How many times the request was sent.</param>
    /// <param name="firstAttemptTimeout">How long the first attempt waited.</param>
    /// <param name="totalWait">How long all attempts waited together.</param>
    public UdpRequestTimeoutException(EndPoint remoteEndPoint, int attempts, TimeSpan firstAttemptTimeout, TimeSpan totalWait)
        : base($"No reply from {remoteEndPoint} after {attempts} attempt(s) (waited {totalWait.TotalSeconds:0.###} s in all, "
            + $"first attempt {firstAttemptTimeout.TotalMilliseconds:0} ms with exponential backoff). Is the server running?", remoteEndPoint, attempts)
    {
        FirstAttemptTimeout = firstAttemptTimeout;
        TotalWait = totalWait;
    }

    /// <summary>How long the first attempt waited; later ones waited longer.</summary>
    public TimeSpan FirstAttemptTimeout { get; }

    /// <summary>The sum of the waits of all attempts.</summary>
    public TimeSpan TotalWait { get; }
}

/// <summary>
/// The server's host answered with ICMP port unreachable: nothing listens on that UDP port. Seen only with a
/// connected socket (<see cref="UdpRequestClientOptions.UseConnectedSocket"/>); the inner exception is the
/// socket's connection-refused error.
/// </summary>
public sealed class UdpNobodyListeningException : UdpRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="remoteEndPoint">The server asked.</param>
    /// <param name="attempts">How many times the request was sent.</param>
    /// <param name="innerException">The socket error that reported it.</param>
    public UdpNobodyListeningException(EndPoint remoteEndPoint, int attempts, Exception? innerException = null)
        : base($"Nobody is listening on UDP {remoteEndPoint} (ICMP port unreachable after attempt {attempts}).", remoteEndPoint, attempts, innerException)
    {
    }
}

/// <summary>The server's reply is larger than <see cref="UdpRequestClientOptions.MaxDatagramSize"/> or the caller's buffer.</summary>
public sealed class UdpReplyTooLargeException : UdpRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="remoteEndPoint">The server asked.</param>
    /// <param name="attempts">How many times the request was sent.</param>
    /// <param name="limit">The largest reply that fitted.</param>
    public UdpReplyTooLargeException(EndPoint remoteEndPoint, int attempts, int limit)
        : base($"The reply from {remoteEndPoint} is larger than {limit} bytes.", remoteEndPoint, attempts)
    {
        Limit = limit;
    }

    /// <summary>The largest reply that would have fitted, in bytes.</summary>
    public int Limit { get; }
}
