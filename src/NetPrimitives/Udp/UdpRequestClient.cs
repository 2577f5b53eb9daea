using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetPrimitives.Sockets;
using NetPrimitives.Transport;

namespace NetPrimitives.Udp;

/// <summary>
/// Sends a UDP request and waits for the reply, without ever hanging: each attempt waits
/// <see cref="UdpRequestClientOptions.AttemptTimeout"/>, lost datagrams are sent again with exponential backoff,
/// only the server asked can answer, and the end is a reply or a typed error (<see cref="UdpRequestTimeoutException"/>,
/// <see cref="UdpNobodyListeningException"/>, <see cref="UdpReplyTooLargeException"/>).
/// </summary>
/// <remarks>
/// UDP replies carry no request id: a reply to an earlier attempt that arrives late answers the current attempt,
/// which suits idempotent requests (such as upper-casing). Replies that arrive after their request ended are
/// discarded before the next request is sent and counted in <see cref="LateReplies"/>. Requests on one client
/// are sent one at a time (concurrent calls wait their turn); use several clients for parallel requests.
/// </remarks>
public sealed partial class UdpRequestClient : IAsyncDisposable, IDisposable
{
    private readonly Socket _socket;
    private readonly IPEndPoint _remote;
    private readonly SocketAddress _remoteAddress;
    private readonly SocketAddress _fromAddress;
    private readonly byte[] _receiveBuffer;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger;
    private readonly TimeSpan _attemptTimeout;
    private readonly TimeSpan _maxAttemptTimeout;
    private readonly double _backoffFactor;
    private readonly int _maxAttempts;
    private readonly int _maxDatagramSize;
    private readonly TimeProvider _timeProvider;
    private long _ignoredDatagrams;
    private long _lateReplies;
    private bool _disposed;
    private readonly UdpMetrics _metrics;

    private UdpRequestClient(Socket socket, IPEndPoint remote, UdpRequestClientOptions options, ILogger logger)
    {
        _socket = socket;
        _remote = remote;
        _remoteAddress = remote.Serialize();
        _fromAddress = new SocketAddress(remote.AddressFamily);
        _receiveBuffer = new byte[options.MaxDatagramSize + 1]; // one spare byte detects an oversized reply
        _logger = logger;
        _attemptTimeout = options.AttemptTimeout;
        _maxAttemptTimeout = options.MaxAttemptTimeout;
        _backoffFactor = options.BackoffFactor;
        _maxAttempts = options.RetryCount + 1;
        _maxDatagramSize = options.MaxDatagramSize;
        _timeProvider = options.TimeProvider;
        _metrics = UdpMetrics.For(options.MeterFactory);
    }

    /// <summary>The server every request goes to and the only source whose replies are accepted.</summary>
    public IPEndPoint RemoteEndPoint => _remote;

    /// <summary>The client's own address and port (chosen by the operating system).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    // The socket, for tests that wait until a datagram is queued on it.
    internal Socket Socket => _socket;

    /// <summary>Datagrams from sources other than <see cref="RemoteEndPoint"/> that reached the client and were ignored.</summary>
    public long IgnoredDatagrams => Interlocked.Read(ref _ignoredDatagrams);

    /// <summary>Replies from the server that arrived after their request had ended (discarded).</summary>
    public long LateReplies => Interlocked.Read(ref _lateReplies);

    /// <summary>
    /// Creates a client for <paramref name="remoteEndPoint"/>. UDP has no handshake: this resolves a
    /// <see cref="DnsEndPoint"/>, opens the socket and (by default) connects it, but sends nothing.
    /// </summary>
    /// <param name="remoteEndPoint">The server: an <see cref="IPEndPoint"/> or a <see cref="DnsEndPoint"/>.</param>
    /// <param name="options">Timeouts, retries and limits. Default: <see cref="UdpRequestClientOptions"/>'s defaults.</param>
    /// <param name="logger">Receives the client's logs (event ids 340-359). Default: none.</param>
    /// <param name="cancellationToken">Cancels name resolution.</param>
    /// <returns>The client, ready to send.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="TransportException">The name did not resolve (the same error and words as <see cref="TcpConnection.ConnectAsync(string, int, TcpConnectionOptions?, ILogger?, CancellationToken)"/>), or the socket could not be opened.</exception>
    public static async ValueTask<UdpRequestClient> ConnectAsync(
        EndPoint remoteEndPoint,
        UdpRequestClientOptions? options = null,
        ILogger<UdpRequestClient>? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        options ??= new UdpRequestClientOptions();
        options.Validate();
        var remote = remoteEndPoint switch
        {
            IPEndPoint ip => ip,
            DnsEndPoint dns => new IPEndPoint(
                (await NameResolution.ResolveAsync(dns.Host, dns.AddressFamily, $"{dns.Host}:{dns.Port}", cancellationToken).ConfigureAwait(false))[0],
                dns.Port),
            _ => throw new ArgumentException($"Unsupported endpoint type {remoteEndPoint.GetType().Name}; use IPEndPoint or DnsEndPoint.", nameof(remoteEndPoint)),
        };

        Socket socket;
        try
        {
            // connect(2) on UDP sends nothing: it fixes the peer, so the kernel filters other sources and
            // reports ICMP port unreachable as ECONNREFUSED on the next receive.
            socket = options.UseConnectedSocket
                ? DatagramSockets.Connect(remote)
                : DatagramSockets.Bind(new IPEndPoint(LocalAddressFor(remote.Address), 0));
        }
        catch (SocketException ex)
        {
            throw new TransportException($"Cannot open a UDP socket to {remote}: {ex.SocketErrorCode}.", remote, ex);
        }

        return new UdpRequestClient(socket, remote, options, (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <summary>Sends <paramref name="request"/> and returns the server's reply.</summary>
    /// <param name="request">The datagram, at most <see cref="UdpRequestClientOptions.MaxDatagramSize"/> bytes.</param>
    /// <param name="cancellationToken">Abandons the request (an <see cref="OperationCanceledException"/>).</param>
    /// <returns>The reply's bytes.</returns>
    /// <exception cref="UdpRequestTimeoutException">No reply after all attempts.</exception>
    /// <exception cref="UdpNobodyListeningException">ICMP port unreachable: nothing listens there.</exception>
    /// <exception cref="UdpReplyTooLargeException">The reply is larger than the maximum datagram size.</exception>
    public async ValueTask<byte[]> SendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken = default)
    {
        CheckRequest(request);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var length = await SendCoreAsync(request, int.MaxValue, cancellationToken).ConfigureAwait(false);
            return _receiveBuffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sends <paramref name="request"/> and copies the server's reply into <paramref name="replyBuffer"/> (no allocation per reply).</summary>
    /// <param name="request">The datagram, at most <see cref="UdpRequestClientOptions.MaxDatagramSize"/> bytes.</param>
    /// <param name="replyBuffer">Receives the reply.</param>
    /// <param name="cancellationToken">Abandons the request (an <see cref="OperationCanceledException"/>).</param>
    /// <returns>The reply's length in bytes.</returns>
    /// <exception cref="UdpRequestTimeoutException">No reply after all attempts.</exception>
    /// <exception cref="UdpNobodyListeningException">ICMP port unreachable: nothing listens there.</exception>
    /// <exception cref="UdpReplyTooLargeException">The reply is larger than <paramref name="replyBuffer"/> or the maximum datagram size.</exception>
    public async ValueTask<int> SendAsync(ReadOnlyMemory<byte> request, Memory<byte> replyBuffer, CancellationToken cancellationToken = default)
    {
        CheckRequest(request);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var length = await SendCoreAsync(request, replyBuffer.Length, cancellationToken).ConfigureAwait(false);
            _receiveBuffer.AsSpan(0, length).CopyTo(replyBuffer.Span);
            return length;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the socket; a request in progress fails with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
    }

    /// <summary>Closes the socket (see <see cref="Dispose"/>).</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    // The unconnected socket listens where the server's replies come from: loopback for a loopback server, else any.
    private static IPAddress LocalAddressFor(IPAddress server) => server.AddressFamily == AddressFamily.InterNetworkV6
        ? IPAddress.IsLoopback(server) ? IPAddress.IPv6Loopback : IPAddress.IPv6Any
        : IPAddress.IsLoopback(server) ? IPAddress.Loopback : IPAddress.Any;

    private void CheckRequest(ReadOnlyMemory<byte> request)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (request.Length > _maxDatagramSize)
        {
            throw new ArgumentException($"The request is {request.Length} bytes; MaxDatagramSize is {_maxDatagramSize}.", nameof(request));
        }
    }
}
