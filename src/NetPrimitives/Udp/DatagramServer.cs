using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetPrimitives.Sockets;

namespace NetPrimitives.Udp;

/// <summary>
/// A general UDP server: receives datagrams on one socket with several receive loops and hands each to a
/// <see cref="DatagramHandler"/>, which may reply. Bounded: datagrams larger than
/// <see cref="DatagramServerOptions.MaxDatagramSize"/> are detected and never handled, and at most
/// <see cref="DatagramServerOptions.MaxConcurrentHandlers"/> handlers run at once (the excess is dropped and
/// counted). In steady state it allocates nothing per datagram.
/// </summary>
/// <remarks>
/// Each receive loop is a thread blocked in a synchronous <c>recvfrom</c> into its own buffers and a reused
/// <see cref="SocketAddress"/>: unlike concurrent <c>ReceiveFromAsync</c> calls on one socket (only one of
/// which can use the socket's cached event args), this allocates nothing per datagram. On Linux,
/// <see cref="DatagramServerOptions.MaxBatchSize"/> above 1 makes each loop receive with recvmmsg and send the replies
/// its handlers make with sendmmsg, on native buffers; the rules (limits, counting, handlers) are the same.
/// </remarks>
public sealed partial class DatagramServer : IAsyncDisposable
{
    private readonly DatagramServerOptions _options;
    private readonly DatagramHandler _handler;
    private readonly ILogger _logger;
    private readonly int _maxDatagramSize;
    private readonly int _maxContexts;
    private readonly int _batchSize;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentQueue<DatagramContext> _freeContexts = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _stateLock = new();
    private Socket? _socket;
    private IPEndPoint? _localEndPoint;
    private Thread[] _loops = [];
    private TaskCompletionSource[] _loopExits = [];
    private TaskCompletionSource? _handlersDrained;
    private Task? _stopTask;
    private volatile bool _isStopping;
    private int _contextCount;
    private int _pendingHandlers;
    private int _runningLoops;
    private long _datagramsReceived;
    private long _bytesReceived;
    private long _datagramsSent;
    private long _bytesSent;
    private long _datagramsDropped;
    private long _datagramsTruncated;
    private long _handlerErrors;

    /// <summary>Creates a server; nothing is bound until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Where to bind and the limits. Validated here.</param>
    /// <param name="handler">Called for every datagram within the limits.</param>
    /// <param name="logger">Receives the server's logs (event ids 300-319). Default: none.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public DatagramServer(DatagramServerOptions options, DatagramHandler handler, ILogger<DatagramServer>? logger = null)
        : this(options, handler, (ILogger?)logger)
    {
    }

    private readonly UdpMetrics _metrics;

    internal DatagramServer(DatagramServerOptions options, DatagramHandler handler, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        options.Validate();
        _options = options;
        _metrics = UdpMetrics.For(options.MeterFactory);
        _handler = handler;
        _logger = logger ?? NullLogger.Instance;
        _maxDatagramSize = options.MaxDatagramSize;
        _maxContexts = options.MaxConcurrentHandlers;
        _batchSize = options.MaxBatchSize;
        _timeProvider = options.TimeProvider;
    }

    /// <summary>The bound address and real port (after <see cref="StartAsync"/>; port 0 is resolved).</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public IPEndPoint LocalEndPoint => _localEndPoint ?? throw new InvalidOperationException("The server has not been started.");

    /// <summary>The bound socket, for tests that need to set an option on it (such as IP_RECVERR).</summary>
    internal Socket? Socket => _socket;

    /// <summary>The counters so far: datagrams and bytes in and out, dropped, truncated, handler errors.</summary>
    /// <returns>A snapshot of the counters.</returns>
    public DatagramServerStatistics GetStatistics() => new(
        Interlocked.Read(ref _datagramsReceived),
        Interlocked.Read(ref _bytesReceived),
        Interlocked.Read(ref _datagramsSent),
        Interlocked.Read(ref _bytesSent),
        Interlocked.Read(ref _datagramsDropped),
        Interlocked.Read(ref _datagramsTruncated),
        Interlocked.Read(ref _handlerErrors));

    /// <summary>Binds the socket and starts the receive loops; returns once datagrams are being received.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the server is listening.</returns>
    /// <exception cref="InvalidOperationException">The server was already started.</exception>
    /// <exception cref="SocketException">The address could not be bound (for example, the port is in use).</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_stateLock)
        {
            ObjectDisposedException.ThrowIf(_stopTask is not null, this);
            if (_socket is not null)
            {
                throw new InvalidOperationException("The server was already started.");
            }

            _socket = Bind(_options);
            _localEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
            var loops = Math.Min(_options.ReceiveLoops, _maxContexts);
            _loops = new Thread[loops];
            _runningLoops = loops;
            _loopExits = new TaskCompletionSource[loops];
            for (var i = 0; i < loops; i++)
            {
                _loopExits[i] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _loops[i] = new Thread(ReceiveLoop) { IsBackground = true, Name = $"NetPrimitives UDP {_localEndPoint.Port} #{i}" };
                _loops[i].UnsafeStart(i);
            }
        }

        UdpLog.ServerStarted(_logger, _localEndPoint, _loops.Length);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops receiving, waits for handlers in progress until <paramref name="cancellationToken"/> fires or
    /// <see cref="DatagramServerOptions.ShutdownTimeout"/> passes, then cancels them and closes the socket.
    /// Never hangs; calling it again returns the same stop.
    /// </summary>
    /// <param name="cancellationToken">Ends the wait for handlers early.</param>
    /// <returns>A task that completes when the socket is closed.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_stateLock)
        {
            return _stopTask ??= StopCoreAsync(cancellationToken);
        }
    }

    /// <summary>Stops the server (see <see cref="StopAsync"/>) with the default shutdown timeout.</summary>
    /// <returns>A task that completes when the socket is closed.</returns>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        _isStopping = true;
        var socket = _socket;
        if (socket is null)
        {
            _stopping.Cancel();
            return;
        }

        Volatile.Write(ref _handlersDrained, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        // A full fence (not a plain read): either this sees the last handler finish, or that handler sees the TCS.
        if (Interlocked.CompareExchange(ref _pendingHandlers, 0, 0) == 0)
        {
            _handlersDrained.TrySetResult();
        }

        using var timeout = new CancellationTokenSource(_options.ShutdownTimeout, _timeProvider);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var loopsDone = Task.WhenAll(Array.ConvertAll(_loopExits, e => e.Task));

        // Wake the loops blocked in recvfrom with one empty datagram each, so handlers that are still running can
        // reply from the open socket; closing the socket below wakes any loop this did not reach.
        WakeLoops(socket);
        try
        {
            await Task.WhenAll(loopsDone, _handlersDrained!.Task).WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            UdpLog.StopTimedOut(_logger, LocalEndPoint, Volatile.Read(ref _pendingHandlers));
        }

        _stopping.Cancel();
        socket.Dispose();
        try
        {
            // The socket is closed, so loops not inside a handler exit at once; a handler stuck synchronously
            // on a loop thread cannot be interrupted, and we do not wait for it beyond a short grace period.
            await loopsDone.WaitAsync(TimeSpan.FromSeconds(1), _timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        UdpLog.ServerStopped(_logger, LocalEndPoint, GetStatistics());
    }

    private void WakeLoops(Socket socket)
    {
        for (var i = 0; i < _loops.Length && WakeOneLoop(socket); i++)
        {
        }
    }

    /// <summary>Sends one empty datagram to the server's own port; false once the socket refuses (closing wakes the loops anyway).</summary>
    private bool WakeOneLoop(Socket socket)
    {
        var target = LocalEndPoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : LocalEndPoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : LocalEndPoint.Address;
        try
        {
            socket.SendTo([], SocketFlags.None, new IPEndPoint(target, LocalEndPoint.Port));
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    // Sends one reply from the server socket, or queues it in batch: the receive loop's batch that the context carries
    // while its handler runs on that loop (Dispatch). Replies from anywhere else (a handler that went asynchronous)
    // go at once; UDP sends on one socket are thread safe.
    internal void SendReply(ReadOnlySpan<byte> reply, SocketAddress remote, DatagramBatch? batch)
    {
        if (reply.Length > _maxDatagramSize)
        {
            ThrowReplyTooLarge(reply.Length, _maxDatagramSize);
        }

        // The thread check closes the window in which a handler that went asynchronous already replies from another
        // thread before its loop has taken the batch back from the context.
        if (batch is not null && batch.IsLoopThread)
        {
            if (batch.Replies.TryAdd(reply, remote))
            {
                return;
            }

            FlushReplies(batch);
            if (batch.Replies.TryAdd(reply, remote))
            {
                return;
            }
        }

        var socket = _socket ?? throw new InvalidOperationException("The server has not been started.");
        CountSent(socket.SendTo(reply, SocketFlags.None, remote));
    }

    // Counts a datagram received but not answered (overload, or a reply that would not fit).
    internal void CountDropped(string reason)
    {
        Interlocked.Increment(ref _datagramsDropped);
        if (_metrics.DatagramsDropped.Enabled)
        {
            _metrics.DatagramsDropped.Add(1, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    private void CountSent(int bytes) => Count(ref _datagramsSent, ref _bytesSent, bytes, _metrics.DatagramsSent, _metrics.BytesSent);

    private void CountReceived(int bytes) => Count(ref _datagramsReceived, ref _bytesReceived, bytes, _metrics.DatagramsReceived, _metrics.BytesReceived);

    private static void Count(ref long datagrams, ref long bytes, int length, Counter<long> datagramCounter, Counter<long> byteCounter)
    {
        Interlocked.Increment(ref datagrams);
        Interlocked.Add(ref bytes, length);
        if (datagramCounter.Enabled)
        {
            datagramCounter.Add(1);
        }

        if (byteCounter.Enabled)
        {
            byteCounter.Add(length);
        }
    }

    private void CountTruncated(SocketAddress from, int bytesSeen)
    {
        Interlocked.Increment(ref _datagramsTruncated);
        if (_metrics.DatagramsTruncated.Enabled)
        {
            _metrics.DatagramsTruncated.Add(1);
        }

        if (_logger.IsEnabled(LogLevel.Warning))
        {
            UdpLog.DatagramTruncated(_logger, CreateEndPoint(from), bytesSeen, _maxDatagramSize);
        }
    }

    private static IPEndPoint CreateEndPoint(SocketAddress address) =>
        (IPEndPoint)(address.Family == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0)).Create(address);

    private static void ThrowReplyTooLarge(int length, int max) =>
        throw new ArgumentException($"The reply is {length} bytes; the server's MaxDatagramSize is {max}.", "reply");
    private static Socket Bind(DatagramServerOptions options) => DatagramSockets.Bind(options.EndPoint, socket =>
    {
        if (socket.AddressFamily == AddressFamily.InterNetworkV6)
        {
            socket.DualMode = options.DualMode ?? options.EndPoint.Address.Equals(IPAddress.IPv6Any);
        }

        if (OperatingSystem.IsWindows())
        {
            // SIO_UDP_CONNRESET off: otherwise an ICMP port-unreachable for an earlier reply fails the next
            // receive with WSAECONNRESET. (Linux reports nothing on unconnected sockets; the loop tolerates it anyway.)
            const int SioUdpConnReset = unchecked((int)0x9800000C);
            socket.IOControl(SioUdpConnReset, [0, 0, 0, 0], null);
        }

        if (options.ReceiveBufferSize is { } receive)
        {
            socket.ReceiveBufferSize = receive;
        }

        if (options.SendBufferSize is { } send)
        {
            socket.SendBufferSize = send;
        }
    });
}
