using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NetPrimitives.Transport;

// The one server lifecycle of the library: every TCP server (EchoServer, MiniHttpServer, any later one) owns one
// listener, created with its options and its per-connection handler, and forwards StartAsync, LocalEndPoint,
// StopAsync and DisposeAsync to it. The listener binds (port 0 reports the real port), accepts, runs one handler per
// connection, enforces MaxConnections (the excess is reset at once) and IdleTimeout (one heartbeat timer scans all
// connections, so activity costs a timestamp, not a timer reset), counts connections in the transport metrics, and
// stops gracefully until the caller's token fires, then aborts. It starts once: a second Start throws, a failed bind
// leaves it unstarted, Stop and Dispose before Start do nothing.
internal sealed partial class TcpConnectionListener : IAsyncDisposable
{
    private const int NotStarted = 0, Started = 1, Stopped = 2;

    private static int s_nextListenerId;

    private readonly TcpServerOptions _options;
    private readonly Func<SocketConnection, CancellationToken, Task> _handler;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<SocketConnection, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly int _listenerId = Interlocked.Increment(ref s_nextListenerId);
    private Socket? _listenSocket;
    private Task _acceptTask = Task.CompletedTask;
    private ITimer? _heartbeat;
    private long _nextConnectionId;
    private int _state;
    private readonly int _readBufferFloor;
    private readonly SslServerAuthenticationOptions? _tls;
    private readonly TransportMetrics _metrics;

    /// <param name="options">Endpoint, limits and buffers.</param>
    /// <param name="handler">
    /// Runs one connection. Its token fires when the server stops: finish the current message, then return.
    /// When it returns the connection is closed gracefully (written data sent, then FIN).
    /// </param>
    /// <param name="logger">Where transport events go.</param>
    /// <param name="readBufferFloor">
    /// The protocol's largest message plus its delimiter: the read buffer is raised to it when smaller, since a
    /// message that cannot fit would stall the connection (the pipe pauses before the message is whole).
    /// </param>
    /// <param name="applicationProtocols">
    /// With TLS, the only ALPN protocols the server agrees to (the protocol on top speaks these), in place of the options'
    /// list; <see langword="null"/> keeps the options' list.
    /// </param>
    /// <exception cref="ArgumentException"><see cref="TcpServerOptions.Tls"/> is set without a usable certificate.</exception>
    public TcpConnectionListener(
        TcpServerOptions options, Func<SocketConnection, CancellationToken, Task> handler, ILogger? logger = null, int readBufferFloor = 0,
        List<SslApplicationProtocol>? applicationProtocols = null)
    {
        _readBufferFloor = readBufferFloor;
        _options = options;
        _metrics = TransportMetrics.For(options.MeterFactory);
        _tls = options.Tls is null ? null : TransportTls.ForServer(options.Tls, applicationProtocols);
        _handler = handler;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The bound endpoint (with the real port when 0 was asked for); <see langword="null"/> before <see cref="Start"/>.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>The bound endpoint, as a server's <c>LocalEndPoint</c> reports it: throws before <see cref="Start"/>.</summary>
    public IPEndPoint BoundEndPoint => LocalEndPoint ?? throw new InvalidOperationException("The server has not been started.");

    /// <summary>Connections currently being served.</summary>
    public int ActiveConnections => _connections.Count;

    /// <summary>A snapshot of the open connections (tests inspect their buffer counters).</summary>
    public IReadOnlyCollection<SocketConnection> Connections => _connections.Keys.ToArray();

    /// <summary>Raised after a connection joins or leaves <see cref="Connections"/>: tests wait on it for a count.</summary>
    public event Action? ConnectionsChanged;

    /// <summary>
    /// Binds, listens and starts accepting; returns the bound endpoint. Throws <see cref="AddressInUseException"/> or
    /// <see cref="TransportException"/> (and stays unstarted: Start may be tried again), or
    /// <see cref="InvalidOperationException"/> when started before.
    /// </summary>
    public IPEndPoint Start()
    {
        if (Interlocked.CompareExchange(ref _state, Started, NotStarted) != NotStarted)
        {
            throw new InvalidOperationException("The server was already started.");
        }

        var endPoint = _options.EndPoint;
        Socket? socket = null;
        try
        {
            // Inside the try: creating an IPv6 socket fails on a machine without IPv6, and that is a bind error too.
            socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true; // [::] serves IPv4 clients too, as ::ffff:a.b.c.d
            }

            socket.Bind(endPoint);
            socket.Listen(_options.Backlog);
        }
        catch (SocketException ex)
        {
            socket?.Dispose();
            Volatile.Write(ref _state, NotStarted);
            throw ex.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? new AddressInUseException(endPoint, ex)
                : new TransportException($"Cannot listen on {endPoint}: {ex.SocketErrorCode}.", endPoint, ex);
        }

        _listenSocket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        TransportLog.Listening(_logger, LocalEndPoint);

        if (_options.IdleTimeout != Timeout.InfiniteTimeSpan)
        {
            // Scan often enough that a connection is closed within ~1.25 x IdleTimeout.
            var period = TimeSpan.FromTicks(Math.Clamp(_options.IdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(1).Ticks));
            _heartbeat = _options.TimeProvider.CreateTimer(static state => ((TcpConnectionListener)state!).OnHeartbeat(), this, period, period);
        }

        _acceptTask = AcceptLoopAsync(socket);
        return LocalEndPoint;
    }

    private async Task AcceptLoopAsync(Socket listenSocket)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await listenSocket.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (_stopping.IsCancellationRequested || ex is ObjectDisposedException)
            {
                return; // StopAsync closed the listening socket
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                continue; // the client gave up while in the backlog: its business
            }
            catch (SocketException ex)
            {
                // EMFILE and friends: log, breathe, go on rather than kill the server.
                TransportLog.AcceptError(_logger, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(10), _options.TimeProvider).ConfigureAwait(false);
                continue;
            }

            var id = $"L{_listenerId}-{Interlocked.Increment(ref _nextConnectionId)}";
            if (_connections.Count >= _options.MaxConnections)
            {
                Refuse(accepted, id);
                continue;
            }

            var connection = new SocketConnection(accepted, id, _options, _logger, _readBufferFloor, _metrics);
            TransportLog.ConnectionAccepted(_logger, id, connection.RemoteEndPoint);
            _metrics.ConnectionOpened(connection.LocalEndPoint);

            // Registered before it runs, so its own removal at the end can never be overwritten.
            var run = new Task<Task>(() => RunConnectionAsync(connection));
            _connections[connection] = run.Unwrap();
            ConnectionsChanged?.Invoke();
            run.Start(TaskScheduler.Default);
        }
    }

    private void Refuse(Socket accepted, string id)
    {
        // Reset (linger 0) rather than FIN: the peer learns at once that it was not served.
        TransportLog.ConnectionRefused(_logger, id, SafeRemote(accepted), _options.MaxConnections);
        _metrics.Rejected(_listenSocket?.LocalEndPoint);
        try
        {
            accepted.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
        }

        accepted.Dispose();
    }

    private async Task RunConnectionAsync(SocketConnection connection)
    {
        try
        {
            if (_tls is not null)
            {
                // Inside the try: a failed handshake is a TransportException, already logged and counted; the
                // connection is closed below and the listener goes on.
                await connection.AuthenticateAsServerAsync(_tls, _stopping.Token).ConfigureAwait(false);
            }

            connection.Start();
            await _handler(connection, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TransportException || (ex is OperationCanceledException && _stopping.IsCancellationRequested))
        {
            // Reset, abort and stop are normal endings; the transport already logged them.
        }
        catch (Exception ex)
        {
            TransportLog.HandlerError(_logger, connection.Id, ex);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            var age = connection.Age;
            TransportLog.ConnectionClosed(_logger, connection.Id, (long)age.TotalMilliseconds, connection.BytesReceived, connection.BytesSent);
            _metrics.ConnectionClosed(connection.LocalEndPoint, age);
            _connections.TryRemove(connection, out _);
            ConnectionsChanged?.Invoke();
        }
    }

    private void OnHeartbeat()
    {
        var timeout = _options.IdleTimeout;
        foreach (var connection in _connections.Keys)
        {
            if (!connection.IsAborted && connection.IdleTime >= timeout)
            {
                TransportLog.ConnectionIdle(_logger, connection.Id, timeout);
                connection.Abort("idle timeout");
            }
        }
    }

    private static EndPoint? SafeRemote(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
