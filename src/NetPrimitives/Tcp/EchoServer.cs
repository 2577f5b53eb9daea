using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetPrimitives.Framing;
using NetPrimitives.Transport;

namespace NetPrimitives.Tcp;

/// <summary>
/// A concurrent TCP echo server: every client gets its own session, and each message (raw chunk, line or
/// length-prefixed frame, see <see cref="EchoServerOptions.Mode"/>) goes back through an optional transform.
/// One slow or stuck client never delays another: each session has its own bounded buffers and task.
/// Bad input (an over-long line, an oversized or truncated frame) closes only that client's connection.
/// </summary>
/// <example>
/// <code>
/// await using var server = new EchoServer(new EchoServerOptions { Mode = EchoMode.Lines, Transform = EchoTransforms.UpperCase });
/// await server.StartAsync();
/// Console.WriteLine($"listening on {server.LocalEndPoint}");
/// </code>
/// </example>
public sealed partial class EchoServer : IAsyncDisposable
{
    // Flush to the socket after this many reply bytes even mid-buffer, so a large burst cannot pile up
    // more than about MaxWriteBufferSize + FlushChunk bytes of replies: every buffer is bounded.
    private const int FlushChunk = 16 * 1024;

    private readonly EchoServerOptions _options;
    private readonly ILogger _logger;
    private readonly LineFramer? _lineFramer;
    private readonly LengthPrefixedFramer? _framer;
    private readonly byte[]? _greeting;

    // The server lifecycle (bind, accept, limits, idle timeout, drain, dispose) shared with every TCP server.
    private readonly TcpConnectionListener _listener;
    private long _nextSessionId;

    /// <summary>Creates a server; nothing is bound until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Endpoint, limits, mode and transform. Read once, here: later changes are ignored.</param>
    /// <param name="logger">Receives server and transport events; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">
    /// An option is out of range (the framer options are validated here), or <see cref="TcpServerOptions.Tls"/> has no usable certificate.
    /// </exception>
    /// <remarks>
    /// In <see cref="EchoMode.Lines"/> and <see cref="EchoMode.Frames"/> the read buffer of each connection is at
    /// least one maximal line or frame (plus its delimiter and one receive), even when
    /// <see cref="TransportOptions.MaxReadBufferSize"/> is smaller: a message that cannot fit would stall.
    /// </remarks>
    public EchoServer(EchoServerOptions options, ILogger<EchoServer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        EnumOption.ThrowIfUndefined(options.Mode, nameof(options.Mode), nameof(options));

        // A whole message must fit in the receive buffer, or the pipe would pause before the message is
        // complete and the session would wait forever for bytes the transport no longer reads: the read
        // buffer is raised to one maximal message (plus delimiter and one receive) when it is smaller.
        var readBufferFloor = 0;
        if (options.Mode == EchoMode.Lines)
        {
            _lineFramer = new LineFramer(options.LineFramer);
            readBufferFloor = _lineFramer.Options.MaxLineLength + 2 + 4096;
        }
        else if (options.Mode == EchoMode.Frames)
        {
            _framer = new LengthPrefixedFramer(options.Framer);
            readBufferFloor = (int)Math.Min(int.MaxValue, (long)_framer.Options.MaxFrameLength + _framer.MaxPrefixLength + 4096);
        }

        _greeting = options.Greeting is { Length: > 0 } greeting ? System.Text.Encoding.UTF8.GetBytes(greeting) : null;
        _listener = new TcpConnectionListener(options, RunConnectionAsync, _logger, readBufferFloor);
    }

    /// <summary>Raised when a client connects, before the greeting is sent. Raised concurrently for different clients.</summary>
    public event EventHandler<EchoSessionEventArgs>? ClientConnected;

    /// <summary>Raised for every message received, before the transform. Raised concurrently for different clients; keep it quick.</summary>
    public event EventHandler<EchoMessageEventArgs>? MessageReceived;

    /// <summary>Raised when a client's session has ended and its connection is closing.</summary>
    public event EventHandler<EchoSessionEventArgs>? ClientDisconnected;

    /// <summary>The endpoint the server listens on, with the real port when port 0 was asked for.</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public IPEndPoint LocalEndPoint => _listener.BoundEndPoint;

    /// <summary>Sessions currently open.</summary>
    public int ActiveSessions => _listener.ActiveConnections;

    internal TcpConnectionListener Listener => _listener;

    /// <summary>Binds and starts accepting; returns once the server is listening.</summary>
    /// <param name="cancellationToken">Not used to bind (binding is immediate); checked before starting.</param>
    /// <returns>A task that completes once listening.</returns>
    /// <exception cref="AddressInUseException">Another socket already listens on the endpoint.</exception>
    /// <exception cref="TransportException">Binding failed otherwise (for example, the address is not local).</exception>
    /// <exception cref="InvalidOperationException">The server was already started.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EchoServerLog.Started(_logger, _options.Mode, _listener.Start());
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops accepting, lets every session finish the messages it has already received (sessions waiting for
    /// input end at once) until <paramref name="cancellationToken"/> fires, then aborts the rest. Never hangs.
    /// </summary>
    /// <param name="cancellationToken">When it fires, sessions still open are aborted.</param>
    /// <returns>A task that completes when every connection is closed.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (await _listener.StopAsync(cancellationToken).ConfigureAwait(false))
        {
            EchoServerLog.Stopped(_logger, _listener.BoundEndPoint);
        }
    }

    /// <summary>Stops at once: open sessions are aborted.</summary>
    /// <returns>A task that completes when every connection is closed.</returns>
    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private Task RunConnectionAsync(SocketConnection connection, CancellationToken stopping)
    {
        var id = Interlocked.Increment(ref _nextSessionId);
        var session = new EchoSession(id, _options.SessionNamePrefix + id, connection.RemoteEndPoint, connection.LocalEndPoint);
        return RunSessionAsync(connection, session, stopping);
    }

    private void Raise<T>(EventHandler<T>? handler, T args)
    {
        try
        {
            handler?.Invoke(this, args);
        }
        catch (Exception ex)
        {
            EchoServerLog.EventHandlerFailed(_logger, ex);
        }
    }
}
