using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NetPrimitives.Transport;

/// <summary>
/// One connected socket as an <see cref="IDuplexPipe"/>: a receive loop fills <see cref="Input"/>, a send loop
/// drains <see cref="Output"/> (Kestrel's SocketConnection is the model). Both pipes are bounded
/// by <see cref="TransportOptions"/>, so a peer that sends faster than the application reads, or reads slower
/// than it writes, is held back by TCP flow control instead of growing memory.
/// </summary>
internal sealed partial class SocketConnection : IDuplexPipe, IAsyncDisposable
{
    // The smallest buffer handed to a receive; the pool's segments are at least this big.
    private const int MinReceiveBufferSize = 4096;

    private readonly Socket _socket;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _closeTimeout;
    private readonly TimeSpan _handshakeTimeout;
    private readonly long _startTimestamp;
    private Task _receiveTask = Task.CompletedTask;
    private Task _sendTask = Task.CompletedTask;
    private long _bytesReceived;
    private long _bytesSent;
    private long _lastActivity;
    private long _peakUnsentBytes;
    private int _aborted;
    private int _disposed;
    private int _closing;
    private bool _receivePaused;
    private string? _abortReason;
    private readonly TransportMetrics _metrics;

    // readBufferFloor: a protocol's smallest workable read buffer (one whole message); raises MaxReadBufferSize if larger.
    // metrics: the listener's, looked up once for all its connections; null looks up the options' own.
    public SocketConnection(Socket socket, string id, TransportOptions options, ILogger? logger = null, int readBufferFloor = 0, TransportMetrics? metrics = null)
    {
        _metrics = metrics ?? TransportMetrics.For(options.MeterFactory);
        var maxRead = Math.Max(options.MaxReadBufferSize, readBufferFloor);
        _socket = socket;
        Id = id;
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = options.TimeProvider;
        _closeTimeout = options.CloseTimeout;
        _handshakeTimeout = options.TlsHandshakeTimeout;
        socket.NoDelay = options.NoDelay;
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;

        // Segments of BufferSegmentSize (64 KiB by default) bound the bytes one receive or send moves; under
        // pipelined load the CPU per message is set by system calls, not bytes (docs/benchmarks.md, TCP echo).
        // Input: the transport writes, the application reads. Output: the other way round. All continuations
        // run inline: a receive completion (already on a thread-pool thread) runs the handler, whose flush
        // runs the send, with no further thread-pool hops. Measured about 2x the echo throughput of
        // thread-pool readers on the 2-core benchmark machine (docs/benchmarks.md). The cost: a handler that
        // blocks holds that thread, as any blocking code on the thread pool does.
        _input = new Pipe(new PipeOptions(
            pauseWriterThreshold: maxRead,
            resumeWriterThreshold: Math.Max(1, maxRead / 2),
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            minimumSegmentSize: options.BufferSegmentSize,
            useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(
            pauseWriterThreshold: options.MaxWriteBufferSize,
            resumeWriterThreshold: Math.Max(1, options.MaxWriteBufferSize / 2),
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            minimumSegmentSize: options.BufferSegmentSize,
            useSynchronizationContext: false));
        _startTimestamp = _timeProvider.GetTimestamp();
        _lastActivity = _startTimestamp;
    }

    /// <summary>The connection id used in logs (<c>"L1-42"</c> on a listener, <c>"C-7"</c> for a client).</summary>
    public string Id { get; }

    public EndPoint? LocalEndPoint { get; }

    public EndPoint? RemoteEndPoint { get; }

    /// <summary>What the peer sent, for the application to read. Completes at FIN, with an exception on reset/abort.</summary>
    public PipeReader Input => _input.Reader;

    /// <summary>What the application writes to send. <c>FlushAsync</c> waits while <see cref="TransportOptions.MaxWriteBufferSize"/> is exceeded.</summary>
    public PipeWriter Output => _output.Writer;

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Largest amount of written-but-unsent data the send loop ever found in the output pipe.</summary>
    public long PeakUnsentBytes => Interlocked.Read(ref _peakUnsentBytes);

    /// <summary>Time since the last byte was received or sent.</summary>
    public TimeSpan IdleTime => _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    public TimeSpan Age => _timeProvider.GetElapsedTime(_startTimestamp);

    public bool IsAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>Whether the receive loop is waiting for the application to read (the input pipe is full).</summary>
    public bool IsReceivePaused => Volatile.Read(ref _receivePaused);

    /// <summary>Raised when the receive loop starts waiting for the application to read: tests wait on it for back-pressure.</summary>
    public event Action? ReceivePaused;

    private bool IsClosing => IsAborted || Volatile.Read(ref _closing) != 0;

    /// <summary>Starts the receive and send loops.</summary>
    public void Start()
    {
        _receiveTask = ReceiveLoopAsync();
        _sendTask = SendLoopAsync();
    }

    /// <summary>
    /// Closes the connection at once: pending receives and sends fail, both loops end, the application's
    /// reads complete with <see cref="ConnectionAbortedException"/>. Safe to call more than once, from any thread.
    /// </summary>
    public void Abort(string reason)
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        _abortReason = reason;
        TransportLog.ConnectionAborted(_logger, Id, reason);

        // Disposing the socket fails the pending Receive/Send; cancelling the send loop's read wakes it
        // when it is waiting for the application to write.
        _socket.Dispose();
        _output.Reader.CancelPendingRead();
    }

    /// <summary>
    /// Graceful close: completes the application's side of both pipes, lets the send loop send what was
    /// written (up to <see cref="TransportOptions.CloseTimeout"/>) and FIN, then closes the socket.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _output.Writer.CompleteAsync().ConfigureAwait(false);
        await _input.Reader.CompleteAsync().ConfigureAwait(false);

        try
        {
            await _sendTask.WaitAsync(_closeTimeout, _timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Abort("close timeout: the peer did not read the remaining data");
        }

        // The send side is done (FIN sent or aborted); closing the socket ends the receive loop.
        Volatile.Write(ref _closing, 1);
        _socket.Dispose();
        await _receiveTask.ConfigureAwait(false);
        await _sendTask.ConfigureAwait(false);

        // Both loops are over, so nothing reads or writes the TLS session any more: its native state can go.
        _tls?.Dispose();
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivity, _timeProvider.GetTimestamp());

    // Bytes moved by one of the loops: the connection's total, the idle clock and the transport's counter.
    private void Transferred(ref long total, long bytes, Counter<long> counter)
    {
        Interlocked.Add(ref total, bytes);
        Touch();
        if (counter.Enabled)
        {
            counter.Add(bytes);
        }
    }

    private static bool IsConnectionReset(SocketError error) =>
        error is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted
            or SocketError.OperationAborted or SocketError.Interrupted or SocketError.NetworkReset
            or SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable;

    /// <summary>
    /// The error a receive or send loop completes its pipe with, logged as it deserves: closed on our side
    /// (by Abort: the reason; by DisposeAsync: none), reset by the peer (normal life: Debug and a typed
    /// error, not a FIN), or anything else (logged, socket errors wrapped with the inner exception kept).
    /// </summary>
    private Exception? ToPipeError(Exception ex, string operation)
    {
        if (ex is IOException { InnerException: SocketException inner } && ex is not TransportException)
        {
            ex = inner; // through SslStream, a socket error arrives wrapped in an IOException
        }

        if (IsClosing && ex is SocketException or ObjectDisposedException)
        {
            return IsAborted ? new ConnectionAbortedException(_abortReason ?? "aborted", RemoteEndPoint) : null;
        }

        if (ex is SocketException reset && IsConnectionReset(reset.SocketErrorCode))
        {
            TransportLog.ConnectionReset(_logger, Id);
            return new ConnectionResetException(RemoteEndPoint, reset);
        }

        TransportLog.ConnectionError(_logger, Id, ex);
        return ex is SocketException se
            ? new TransportException($"{operation} {RemoteEndPoint} failed: {se.SocketErrorCode}.", RemoteEndPoint, se)
            : ex;
    }

}
