using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NetPrimitives.Transport;

public sealed partial class TcpConnection
{
    private static long s_nextAcceptedId;

    /// <summary>
    /// Accepts the next connection waiting on <paramref name="listener"/> and returns it as a
    /// <see cref="TcpConnection"/> with the same bounded pipes as a client connection. For a program that
    /// waits for one peer at a time (a chat peer, a console server); a server for many clients is better
    /// served by the library's servers, which add connection limits, idle timeouts and a graceful stop.
    /// </summary>
    /// <param name="listener">A started listener. It stays yours: bind it (port 0 works), read its
    /// <c>LocalEndpoint</c>, stop it when done.</param>
    /// <param name="options">
    /// Buffers and <c>NoDelay</c> (the connect timeout does not apply, and <see cref="TcpConnectionOptions.Tls"/>, a
    /// client's options, must not be set); <see langword="null"/> for the defaults.
    /// </param>
    /// <param name="logger">Receives the connection's transport events; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the wait for a peer (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The accepted connection.</returns>
    /// <exception cref="InvalidOperationException">The listener is not started.</exception>
    /// <exception cref="ArgumentException"><see cref="TcpConnectionOptions.Tls"/> is set.</exception>
    /// <exception cref="TransportException">The accept failed (the listener was stopped, or another socket error).</exception>
    public static async ValueTask<TcpConnection> AcceptAsync(
        TcpListener listener, TcpConnectionOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listener);
        options ??= new TcpConnectionOptions();
        if (options.Tls is not null)
        {
            throw new ArgumentException("AcceptAsync takes the server's side and runs no TLS; TcpConnectionOptions.Tls is for ConnectAsync.", nameof(options));
        }

        logger ??= NullLogger.Instance;

        // Read before waiting: once the listener's socket is closed, LocalEndpoint itself throws ObjectDisposedException,
        // which would replace the TransportException below.
        var endPoint = listener.LocalEndpoint;
        Socket socket;
        try
        {
            socket = await listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new TransportException($"Accepting on {endPoint} failed: {ex.SocketErrorCode}.", endPoint, ex);
        }
        catch (ObjectDisposedException ex)
        {
            throw new TransportException($"Accepting on {endPoint} failed: the listener was stopped.", endPoint, ex);
        }

        // "A-" for accepted, beside the listener's "L1-42" and the client's "C-7" (the ids in the logs).
        var connection = new SocketConnection(socket, $"A-{Interlocked.Increment(ref s_nextAcceptedId)}", options, logger);
        TransportLog.ConnectionAccepted(logger, connection.Id, connection.RemoteEndPoint);
        connection.Start();
        return new TcpConnection(connection);
    }
}
