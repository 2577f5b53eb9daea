using System.IO.Pipelines;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetPrimitives.Transport;

namespace NetPrimitives.Smtp;

/// <summary>
/// A raw-protocol SMTP client (RFC 5321) that shows its conversation: greeting, EHLO with the capabilities
/// parsed (HELO fallback), MAIL/RCPT/DATA with dot-stuffing, PIPELINING (RFC 2920), per-command timeouts
/// (RFC 5321 §4.5.3.2), typed errors and a transcript. One operation at a time; several messages may go
/// over one session.
/// </summary>
public sealed partial class SmtpClientRaw : IAsyncDisposable
{
    private readonly SmtpClientRawOptions _options;
    private readonly ILogger _logger;
    private readonly SmtpReplyParser _parser;
    private readonly IAsyncDisposable? _connection;
    private readonly string _tlsTargetHost;
    private readonly SslProtocols _implicitTls;
    private readonly SmtpTelemetry _telemetry;
    private readonly string? _serverAddress; // server.address and server.port of the send spans, when known
    private readonly int? _serverPort;
    private IDuplexPipe _pipe;
    private Exception? _fault;
    private int _busy;
    private bool _wroteSinceRead;
    private bool _disposed;

    private SmtpClientRaw(IDuplexPipe pipe, SmtpClientRawOptions options, ILogger logger, string? tlsTargetHost, IAsyncDisposable? connection)
    {
        _pipe = pipe;
        _connection = connection;
        _tlsTargetHost = TargetHost(options, tlsTargetHost);
        _implicitTls = (connection as TcpConnection)?.TlsProtocol ?? SslProtocols.None;
        _options = options;
        _logger = logger;
        _parser = new SmtpReplyParser(options.MaxReplyLineLength, options.MaxReplyLines);
        _telemetry = SmtpTelemetry.For(options.MeterFactory);
        _serverAddress = tlsTargetHost;
        _serverPort = (connection as TcpConnection)?.RemoteEndPoint.Port;
        LocalDomain = options.LocalDomain ?? DefaultLocalDomain();
    }

    /// <summary>The server's greeting (220).</summary>
    public SmtpReply Greeting { get; private set; } = null!;

    /// <summary>What the server advertised in its last EHLO reply; empty (<see cref="SmtpCapabilities.IsExtended"/> false) after the HELO fallback.</summary>
    public SmtpCapabilities Capabilities { get; private set; } = SmtpCapabilities.None;

    /// <summary>The domain this client announces in EHLO/HELO.</summary>
    public string LocalDomain { get; }

    /// <summary>
    /// How many times the client waited for the server after sending something: the round trips of the
    /// conversation so far (2 per message with PIPELINING, 4 plus one per recipient without).
    /// </summary>
    internal long RoundTrips { get; private set; }

    /// <summary>
    /// Connects to an SMTP server over TCP (every address of the name is tried), reads the greeting, sends EHLO
    /// (HELO if EHLO is refused) and starts TLS if <see cref="SmtpClientRawOptions.StartTls"/> says so. With
    /// <see cref="SmtpClientRawOptions.ImplicitTls"/> the TLS handshake comes first, right after the TCP connect (RFC 8314).
    /// </summary>
    /// <param name="host">The server's name or IP address.</param>
    /// <param name="port">The port: 25 (relay), 587 (submission) or any other.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <param name="logger">Receives the transcript (C:/S:, Debug) and session events; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the connect and handshake.</param>
    /// <returns>The session, ready for <see cref="SendMailAsync(string, IEnumerable{string}, string, CancellationToken)"/>.</returns>
    /// <exception cref="NetPrimitives.Transport.TransportException">The connection failed (refused, timeout, name not resolved).</exception>
    /// <exception cref="NetPrimitives.Transport.TlsHandshakeException">With implicit TLS: the handshake failed (certificate refused, timeout...).</exception>
    /// <exception cref="SmtpServiceNotAvailableException">The server greeted with 421 or 554.</exception>
    /// <exception cref="SmtpTlsRequiredException">TLS was required and the server does not offer it.</exception>
    /// <exception cref="SmtpException">Timeout, closed connection or protocol violation during the handshake.</exception>
    public static async ValueTask<SmtpClientRaw> ConnectAsync(string host, int port = 25, SmtpClientRawOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        options ??= new SmtpClientRawOptions();
        options.Validate();
        // The connect timeout runs on options.Connection.TimeProvider, the clock of every timeout of the session. Implicit
        // TLS is the transport's: the handshake runs in the connect, before the greeting is read.
        var tls = options.ImplicitTls ? Authentication(options, TargetHost(options, host)) : options.Connection.Tls;
        var connection = await TcpConnection.ConnectAsync(host, port, options.Connection, tls, logger, cancellationToken).ConfigureAwait(false);

        return await StartAsync(connection, options, logger, cancellationToken, host, connection).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a session over an already connected duplex pipe (in-memory or any transport): reads the greeting,
    /// sends EHLO (HELO if EHLO is refused) and applies the STARTTLS policy. The session owns the pipe (and
    /// <paramref name="connection"/>, disposed with it) from then on.
    /// </summary>
    internal static async ValueTask<SmtpClientRaw> StartAsync(
        IDuplexPipe pipe, SmtpClientRawOptions? options, ILogger? logger, CancellationToken cancellationToken, string? tlsTargetHost = null, IAsyncDisposable? connection = null)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        options ??= new SmtpClientRawOptions();
        options.Validate();
        var client = new SmtpClientRaw(pipe, options, logger ?? NullLogger.Instance, tlsTargetHost, connection);
        try
        {
            await client.HandshakeAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask HandshakeAsync(CancellationToken cancellationToken)
    {
        using var scope = Enter();
        if (_implicitTls != SslProtocols.None)
        {
            _options.Transcript?.WriteLine($"--- TLS from the first byte (implicit TLS): {_implicitTls}");
        }

        Greeting = await ReadReplyAsync(string.Empty, _options.GreetingTimeout, cancellationToken).ConfigureAwait(false);
        if (!Greeting.IsPositiveCompletion)
        {
            // RFC 5321 §3.1: a 554 greeting refuses service; 421 is "service not available" (§4.2.5).
            throw Fault(new SmtpServiceNotAvailableException(string.Empty, Greeting));
        }

        await EhloCoreAsync(cancellationToken).ConfigureAwait(false);
        await ApplyStartTlsPolicyAsync(cancellationToken).ConfigureAwait(false);
        SmtpLog.Ready(_logger, Capabilities.IsExtended ? Capabilities.Domain : Greeting.Text, Capabilities.IsExtended, UsePipelining);
    }

    private static string TargetHost(SmtpClientRawOptions options, string? host) => options.TlsTargetHost ?? host ?? "localhost";

    private bool UsePipelining => _options.UsePipelining && Capabilities.Pipelining;

    /// <summary>Closes the connection without QUIT (call <see cref="QuitAsync"/> first for a polite end).</summary>
    /// <returns>A task that completes when the connection is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _fault ??= new ObjectDisposedException(nameof(SmtpClientRaw));
        await _pipe.Output.CompleteAsync().ConfigureAwait(false);
        await _pipe.Input.CompleteAsync().ConfigureAwait(false);
        await DisposeTlsAsync().ConfigureAwait(false);
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string DefaultLocalDomain()
    {
        try
        {
            var name = System.Net.Dns.GetHostName();
            return string.IsNullOrWhiteSpace(name) || name.AsSpan().IndexOfAny(" \r\n\0") >= 0 ? "localhost" : name;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return "localhost";
        }
    }
}
