using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NetPrimitives.Transport;

/// <summary>
/// A TCP connection as an <see cref="IDuplexPipe"/>: read what the peer sent from <see cref="Input"/>,
/// write to <see cref="Output"/> and flush. Both directions are bounded by <see cref="TransportOptions"/>.
/// Put a framer on top (<c>LineFramer</c>, <c>LengthPrefixedFramer</c>) for messages. Open one with
/// <see cref="ConnectAsync(string, int, TcpConnectionOptions?, ILogger?, CancellationToken)"/> (client), or
/// take one from your own <see cref="TcpListener"/> with <see cref="AcceptAsync"/> (a peer that waits for one).
/// </summary>
/// <remarks>
/// <see cref="Input"/> completes normally when the peer closes its side (FIN); it completes with
/// <see cref="ConnectionResetException"/> on a reset. <see cref="DisposeAsync"/> closes gracefully: what was
/// written is sent (within <see cref="TransportOptions.CloseTimeout"/>), then FIN.
/// </remarks>
public sealed partial class TcpConnection : IDuplexPipe, IAsyncDisposable
{
    private static long s_nextId;
    private readonly SocketConnection _connection;

    private TcpConnection(SocketConnection connection)
    {
        _connection = connection;
        RemoteEndPoint = (IPEndPoint)connection.RemoteEndPoint!;
        LocalEndPoint = (IPEndPoint)connection.LocalEndPoint!;
    }

    /// <summary>What the peer sent.</summary>
    public PipeReader Input => _connection.Input;

    /// <summary>What to send; <c>FlushAsync</c> waits while <see cref="TransportOptions.MaxWriteBufferSize"/> bytes are unsent.</summary>
    public PipeWriter Output => _connection.Output;

    /// <summary>The peer's address and port (the server's, for a client).</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>This side's address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The TLS version in use, or <see cref="SslProtocols.None"/> on a plain connection.</summary>
    public SslProtocols TlsProtocol => _connection.Tls?.SslProtocol ?? SslProtocols.None;

    /// <summary>The application protocol agreed by ALPN (for example <c>http/1.1</c>); empty on a plain connection or without ALPN.</summary>
    public SslApplicationProtocol ApplicationProtocol => _connection.Tls?.NegotiatedApplicationProtocol ?? default;

    /// <summary>Internal access for tests and for library clients built on this connection.</summary>
    internal SocketConnection Transport => _connection;

    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/>. A name is resolved through DNS and every
    /// address is tried in turn until one accepts; an IP literal is used as is.
    /// </summary>
    /// <param name="host">A host name or IP address literal.</param>
    /// <param name="port">The TCP port, 1-65535.</param>
    /// <param name="options">
    /// Buffers, <c>NoDelay</c>, <see cref="TcpConnectionOptions.ConnectTimeout"/> and <see cref="TcpConnectionOptions.Tls"/>;
    /// <see langword="null"/> for the defaults (plain TCP).
    /// </param>
    /// <param name="logger">Receives the connection's transport events; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the connect and the TLS handshake (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The open connection.</returns>
    /// <exception cref="ConnectionRefusedException">Every address refused.</exception>
    /// <exception cref="ConnectTimeoutException">The timeout ran out first.</exception>
    /// <exception cref="TlsHandshakeException">With <see cref="TcpConnectionOptions.Tls"/>: the handshake failed (the server's certificate refused, a timeout...).</exception>
    /// <exception cref="TransportException">The name did not resolve, or another socket error.</exception>
    public static ValueTask<TcpConnection> ConnectAsync(
        string host, int port, TcpConnectionOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        options ??= new TcpConnectionOptions();
        return ConnectAsync(host, port, options, options.Tls, logger, cancellationToken);
    }

    // tls: the options' own, or a library client's (SMTP's implicit TLS builds them from its own options).
    internal static async ValueTask<TcpConnection> ConnectAsync(
        string host, int port, TcpConnectionOptions options, SslClientAuthenticationOptions? tls, ILogger? logger, CancellationToken cancellationToken)
    {
        CheckHostAndPort(host, port);
        logger ??= NullLogger.Instance;
        var authentication = tls is null ? null : TransportTls.ForClient(tls, host, options.DangerousAcceptAnyServerCertificate);
        var connection = await OpenAsync(host, port, options, logger, cancellationToken).ConfigureAwait(false);
        if (authentication is not null)
        {
            try
            {
                // Its own deadline, TlsHandshakeTimeout, on the same clock.
                await connection.AuthenticateAsClientAsync(authentication, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        connection.Start();
        return new TcpConnection(connection);
    }

    // Plain TCP only, with no way to ask for TLS: the DNS client's fallback after a truncated answer. Kept apart from
    // the method above so that an application that never runs a TLS handshake does not reach one through DNS: Native
    // AOT then compiles none of SslStream, X509 chain building and the HTTP client that chain building keeps
    // (PingSweep's native executable: 7.6 MB -> about 5 MB, issue 21).
    internal static async ValueTask<TcpConnection> ConnectPlainAsync(
        IPEndPoint endPoint, TcpConnectionOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        var host = endPoint.Address.ToString();
        CheckHostAndPort(host, endPoint.Port);
        var connection = await OpenAsync(host, endPoint.Port, options, logger ?? NullLogger.Instance, cancellationToken).ConfigureAwait(false);
        connection.Start();
        return new TcpConnection(connection);
    }

    private static void CheckHostAndPort(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
    }

    // Resolves the name, connects to the first address that accepts, within the connect timeout; not started yet.
    private static async Task<SocketConnection> OpenAsync(string host, int port, TcpConnectionOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var target = $"{host}:{port}";
        using var timeout = new LinkedTimeout(options.ConnectTimeout, options.TimeProvider, cancellationToken);
        try
        {
            var addresses = IPAddress.TryParse(host, out var literal)
                ? [literal]
                : await NameResolution.ResolveAsync(host, AddressFamily.Unspecified, target, timeout.Token).ConfigureAwait(false);
            var socket = await ConnectAnyAsync(addresses, port, target, logger, timeout.Token).ConfigureAwait(false);
            return new SocketConnection(socket, $"C-{Interlocked.Increment(ref s_nextId)}", options, logger);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConnectTimeoutException(target, options.ConnectTimeout, ex);
        }
    }

    /// <summary>Connects to an IP endpoint; see <see cref="ConnectAsync(string, int, TcpConnectionOptions?, ILogger?, CancellationToken)"/>.</summary>
    /// <param name="endPoint">The server's address and port.</param>
    /// <param name="options">Buffers, <c>NoDelay</c> and the connect timeout; <see langword="null"/> for the defaults.</param>
    /// <param name="logger">Receives the connection's transport events; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The open connection.</returns>
    public static ValueTask<TcpConnection> ConnectAsync(
        IPEndPoint endPoint, TcpConnectionOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return ConnectAsync(endPoint.Address.ToString(), endPoint.Port, options, logger, cancellationToken);
    }

    /// <summary>Closes at once, without sending what is still buffered; reads complete with <see cref="ConnectionAbortedException"/>.</summary>
    public void Abort() => _connection.Abort("aborted by the application");

    /// <summary>Closes gracefully: sends what was written (within <see cref="TransportOptions.CloseTimeout"/>), then FIN, then closes.</summary>
    /// <returns>A task that completes when the socket is closed.</returns>
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static async Task<Socket> ConnectAnyAsync(IPAddress[] addresses, int port, string target, ILogger logger, CancellationToken cancellationToken)
    {
        SocketException? last = null;
        IPEndPoint? lastEndPoint = null;
        foreach (var address in addresses)
        {
            var endPoint = new IPEndPoint(address, port);
            try
            {
                // Inside the try: an IPv6 address on a machine without IPv6 is one more address that failed.
                TransportLog.ConnectAttempt(logger, target, endPoint);
                return await ConnectSocketAsync(endPoint, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                TransportLog.ConnectAttemptFailed(logger, target, endPoint, ex.SocketErrorCode);
                (last, lastEndPoint) = (ex, endPoint);
            }
        }

        throw last!.SocketErrorCode switch
        {
            // A reset during the handshake is a refusal too: a server at its connection limit does exactly that.
            SocketError.ConnectionRefused or SocketError.ConnectionReset => new ConnectionRefusedException(lastEndPoint!, last),
            SocketError.TimedOut => new ConnectTimeoutException(target, TimeSpan.Zero, last),
            _ => new TransportException($"Cannot connect to {target}: {last.SocketErrorCode}.", lastEndPoint, last),
        };
    }

    // One TCP handshake on a new socket, closed if the handshake fails or is canceled. Also the ping sweep's TCP
    // probe, which wants only the handshake's answer, not a connection with pipes. The socket is created before
    // the first await, so a family the host cannot open throws at the call, not in the returned task.
    internal static Task<Socket> ConnectSocketAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        return ConnectOrCloseAsync(socket, endPoint, cancellationToken);

        static async Task<Socket> ConnectOrCloseAsync(Socket socket, IPEndPoint endPoint, CancellationToken cancellationToken)
        {
            try
            {
                await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }
}
