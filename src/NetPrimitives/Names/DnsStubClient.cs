using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetPrimitives.Transport;

namespace NetPrimitives.Names;

/// <summary>
/// A DNS stub client that queries one chosen server directly: UDP with TCP fallback on truncation (RFC 7766),
/// random message ids on a small pool of UDP sockets connected to the server (each retired after 256 queries or
/// 10 s, so the source port keeps changing), answers checked against the server's address, the id and the question
/// (anything else is ignored and counted), per-attempt timeouts, retries, real cancellation, TTLs reported and an
/// optional TTL-respecting cache. Thread-safe; one instance serves any number of queries. Dispose it to close its
/// sockets at once (idle sockets also close by themselves after 2 s).
/// </summary>
public sealed partial class DnsStubClient : IDisposable, IAsyncDisposable
{
    private readonly DnsStubClientOptions _options;
    private readonly ILogger _logger;
    private readonly DnsCache? _cache;
    private readonly DnsAdmission _admission;
    private readonly DnsUdpPool _udp;
    private readonly CancellationTokenSource _disposing = new();
    private readonly NamesMetrics _metrics;
    private long _ignored;

    /// <summary>Creates a client for <paramref name="server"/>.</summary>
    /// <param name="server">The DNS server's address and port (usually 53).</param>
    /// <param name="options">Settings; null for the defaults (2 attempts of 2 s, TCP fallback, no cache).</param>
    /// <param name="logger">Where to log ignored datagrams, retries and fallbacks (event ids 610–619); null for none.</param>
    public DnsStubClient(IPEndPoint server, DnsStubClientOptions? options = null, ILogger<DnsStubClient>? logger = null)
        : this(server, options, (ILogger?)logger)
    {
    }

    internal DnsStubClient(IPEndPoint server, DnsStubClientOptions? options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(server);
        _options = options ?? new DnsStubClientOptions();
        _options.Validate();
        _metrics = NamesMetrics.For(_options.MeterFactory);
        Server = server;
        _logger = logger ?? NullLogger.Instance;
        _cache = _options.EnableCache ? new DnsCache(_options.MaxCacheEntries, _options.TimeProvider) : null;
        _admission = new DnsAdmission(_options.MaxConcurrentQueries, _options.AdaptiveConcurrency, _options.TimeProvider);
        _udp = new DnsUdpPool(this, server, _options);
    }

    /// <summary>The server queried.</summary>
    public IPEndPoint Server { get; }

    /// <summary>
    /// Datagrams ignored so far: not a response, with no query of ours in flight under its id (late answers to
    /// cancelled or timed-out queries included), or for another question. (Datagrams from another address or port
    /// are dropped by the kernel before they reach the client's connected sockets, and counted here if one ever does.)
    /// </summary>
    public long IgnoredResponses => Interlocked.Read(ref _ignored);

    internal int CachedAnswers => _cache?.Count ?? 0;

    internal DnsUdpPool UdpPool => _udp;

    internal DnsAdmission Admission => _admission;

    /// <summary>
    /// Closes the client's sockets. Queries in flight (UDP or the TCP retry) end at once with
    /// <see cref="ObjectDisposedException"/>, as do queries waiting for their turn and later calls; answers
    /// already cached are not returned any more either. Calling it again does nothing.
    /// </summary>
    public void Dispose()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        _disposing.Cancel();
        _udp.Dispose();
    }

    /// <summary>Like <see cref="Dispose"/>, then waits (at most 5 s) until the sockets' receive loops have ended.</summary>
    /// <returns>A task that completes when the client is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        Dispose();
        await Task.WhenAll(_udp.Loops).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// Sends one question and returns the server's response whatever its <see cref="DnsResponse.ResponseCode"/>
    /// (NXDOMAIN is an answer here, not an exception).
    /// </summary>
    /// <param name="name">The name to ask about; validated like a host name (IDN converted), a trailing dot allowed.</param>
    /// <param name="type">The record type.</param>
    /// <param name="cancellationToken">Cancels the query at once (the socket operation is aborted).</param>
    /// <returns>The decoded response.</returns>
    /// <exception cref="InvalidHostNameException">The name is not valid; nothing was sent.</exception>
    /// <exception cref="HostResolutionException">Every attempt timed out (<see cref="HostResolutionError.TimedOut"/>) or the network failed.</exception>
    /// <exception cref="DnsFormatException">The server's response to this query was malformed.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed (before or during the query).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<DnsResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var ascii = HostNameValidator.Validate(name);
        ObjectDisposedException.ThrowIf(_disposing.IsCancellationRequested, this);
        if (_cache is not null && _cache.TryGet(ascii, type, out var cached))
        {
            _metrics.DnsCacheHits.Add(1);
            NamesLog.DnsCacheHit(_logger, ascii, type);
            return cached;
        }

        await _admission.EnterAsync(cancellationToken).ConfigureAwait(false);
        TimeSpan? roundTrip = null;
        try
        {
            ObjectDisposedException.ThrowIf(_disposing.IsCancellationRequested, this);
            var started = _options.TimeProvider.GetTimestamp();
            var response = await QueryServerAsync(ascii, type, cancellationToken).ConfigureAwait(false);
            roundTrip = _options.TimeProvider.GetElapsedTime(started);
            _cache?.Store(ascii, type, response);
            return response;
        }
        finally
        {
            _admission.Exit(roundTrip);
        }
    }

    /// <summary>Reverse lookup: queries the PTR record of <paramref name="address"/> (in-addr.arpa or ip6.arpa).</summary>
    /// <param name="address">The address.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The decoded response.</returns>
    public Task<DnsResponse> QueryReverseAsync(IPAddress address, CancellationToken cancellationToken = default) =>
        QueryAsync(DnsReverseName.For(address), DnsRecordType.PTR, cancellationToken);

    private async Task<DnsResponse> QueryServerAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        var query = new byte[DnsMessageWriter.MaxQueryLength];
        Exception? lastError = null;
        for (var attempt = 1; attempt <= _options.Attempts; attempt++)
        {
            // The attempt's clock is the options' TimeProvider; linked to Dispose too, so that a TCP retry in
            // progress ends when the client is disposed.
            using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _options.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token, timeout.Token);
            try
            {
                var response = await QueryUdpAsync(query, name, type, linked.Token).ConfigureAwait(false);
                if (!response.IsTruncated || !_options.TcpFallback)
                {
                    return response;
                }

                NamesLog.DnsTruncated(_logger, name, type, Server);
                timeout.CancelAfter(_options.AttemptTimeout); // the TCP exchange gets a full attempt of its own
                var id = NewId();
                var length = DnsMessageWriter.WriteQuery(query, id, name, type, _options.RecursionDesired);
                return await QueryTcpAsync(query.AsMemory(0, length), id, name, type, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_disposing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new ObjectDisposedException(nameof(DnsStubClient), "The DNS client was disposed with the query in flight.");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                NamesLog.DnsAttemptTimedOut(_logger, name, type, Server, attempt);
                _admission.Lost();
                lastError = null;
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or TransportException)
            {
                // ICMP port unreachable (ConnectionRefused/Reset), TCP refused or reset: the next attempt may do better.
                lastError = ex;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw lastError is null
            ? new HostResolutionException(HostResolutionError.TimedOut, name, $"No answer from {Server} for {name} {type} after {_options.Attempts} attempt(s) of {_options.AttemptTimeout.TotalMilliseconds:F0} ms.")
            : new HostResolutionException(HostResolutionError.ServerFailure, name, $"Could not query {Server} for {name} {type}: {lastError.Message}", lastError);
    }

    private static ushort NewId()
    {
        // Unpredictable ids (RFC 5452 §9.2): together with the random source port they defeat blind spoofing.
        Span<byte> two = stackalloc byte[2];
        RandomNumberGenerator.Fill(two);
        return (ushort)((two[0] << 8) | two[1]);
    }

    internal void Ignore(EndPoint source, string reason)
    {
        Interlocked.Increment(ref _ignored);
        _metrics.DnsIgnoredResponses.Add(1);
        NamesLog.DnsResponseIgnored(_logger, source, reason);
    }

    // RFC 5452 §9.1: an answer must echo the question — name (case-insensitively), type and class (we ask IN).
    internal static bool IsAnswerTo(DnsResponse response, string name, DnsRecordType type) =>
        response.QuestionType == type && response.QuestionClass == 1 && string.Equals(response.QuestionName, name, StringComparison.OrdinalIgnoreCase);
}
