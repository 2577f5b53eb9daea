using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NetPrimitives.Udp;

/// <summary>
/// A UDP server that answers every datagram with the datagram upper-cased, from the port it arrived on: the
/// classic upper-case service of socket tutorials as a bounded, concurrent server on <see cref="DatagramServer"/>.
/// In steady state it allocates nothing per datagram.
/// </summary>
public sealed class UpperCaseUdpServer : IAsyncDisposable
{
    private readonly DatagramServer _server;
    private readonly ILogger _logger;
    private readonly UpperCaseMode _mode;
    private readonly bool _logRequests;
    private readonly int _maxDatagramSize;

    /// <summary>Creates the server; nothing is bound until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Where to bind, the limits and the upper-casing mode. Validated here.</param>
    /// <param name="logger">Receives the server's logs (event ids 300-339). Default: none.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public UpperCaseUdpServer(UpperCaseUdpServerOptions options, ILogger<UpperCaseUdpServer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Mode, $"{nameof(options.Mode)} must be Ascii or Unicode.");
        }

        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _mode = options.Mode;
        _logRequests = options.LogRequests;
        _maxDatagramSize = options.MaxDatagramSize;
        _server = new DatagramServer(options, Handle, _logger);
    }

    /// <summary>The bound address and real port (after <see cref="StartAsync"/>; port 0 is resolved).</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public IPEndPoint LocalEndPoint => _server.LocalEndPoint;

    /// <summary>The counters so far: datagrams and bytes in and out, dropped, truncated, handler errors.</summary>
    /// <returns>A snapshot of the counters.</returns>
    public DatagramServerStatistics GetStatistics() => _server.GetStatistics();

    /// <summary>Binds and starts receiving; returns once datagrams are being answered.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the server is listening.</returns>
    /// <exception cref="System.Net.Sockets.SocketException">The address could not be bound.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => _server.StartAsync(cancellationToken);

    /// <summary>Stops receiving and closes the socket (see <see cref="DatagramServer.StopAsync"/>). Never hangs.</summary>
    /// <param name="cancellationToken">Ends the wait for replies in progress early.</param>
    /// <returns>A task that completes when the socket is closed.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => _server.StopAsync(cancellationToken);

    /// <summary>Stops the server (see <see cref="StopAsync"/>).</summary>
    /// <returns>A task that completes when the socket is closed.</returns>
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private ValueTask Handle(DatagramContext context, CancellationToken cancellationToken)
    {
        var datagram = context.Datagram.Span;
        if (_logRequests && _logger.IsEnabled(LogLevel.Information))
        {
            UdpLog.UpperCaseRequest(_logger, context.RemoteEndPoint, datagram.Length);
        }

        var reply = context.ReplyBuffer;
        int length;
        if (_mode == UpperCaseMode.Ascii)
        {
            UpperCaser.ToUpperAscii(datagram, reply.Span);
            length = datagram.Length;
        }
        else if (!UpperCaser.TryToUpperUtf8(datagram, reply.Span, out length))
        {
            // Never send a reply cut short; the sender's retry would get the same answer, so say why in the log.
            _server.CountDropped(UdpMetrics.ReasonReplyTooLarge);
            if (_logger.IsEnabled(LogLevel.Warning))
            {
                UdpLog.UpperCaseReplyTooLarge(_logger, context.RemoteEndPoint, length, _maxDatagramSize);
            }

            return ValueTask.CompletedTask;
        }

        return context.ReplyAsync(reply[..length], cancellationToken);
    }
}
