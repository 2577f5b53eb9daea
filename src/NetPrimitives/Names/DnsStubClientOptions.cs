using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;
namespace NetPrimitives.Names;

/// <summary>Settings of a <see cref="DnsStubClient"/>; invalid values throw when the client is created.</summary>
public sealed class DnsStubClientOptions
{
    /// <summary>How long one attempt (one UDP query, or the TCP retry after truncation) may take. Default 2 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many UDP attempts a query gets before it fails with <see cref="HostResolutionError.TimedOut"/>; each uses a new random message id. Default 2.</summary>
    public int Attempts { get; set; } = 2;

    /// <summary>Whether a truncated (TC) UDP answer is retried over TCP (RFC 7766 §5). Default true; when false the truncated answer is returned.</summary>
    public bool TcpFallback { get; set; } = true;

    /// <summary>Whether answers are cached for their TTL (the smallest TTL of the answer records). Default false.</summary>
    public bool EnableCache { get; set; }

    /// <summary>The most answers the cache holds; when full, expired entries are dropped, then new answers are not cached. Default 4096.</summary>
    public int MaxCacheEntries { get; set; } = 4096;

    /// <summary>
    /// The most queries this client has outstanding at the server at once; further queries wait their turn (their
    /// cancellation still applies). Bursts beyond what the server's socket buffer holds are dropped by the server
    /// and cost a whole <see cref="AttemptTimeout"/> to recover, so the client also adapts (see
    /// <see cref="AdaptiveConcurrency"/>) below this cap. Default 64; at most 65,536 (the pool opens one UDP socket
    /// per 64, with at least 4, and keeps at most 64 in flight on each).
    /// </summary>
    public int MaxConcurrentQueries { get; set; } = 64;

    /// <summary>
    /// Whether the number of queries let out at once follows the server, up to <see cref="MaxConcurrentQueries"/>:
    /// it starts at 16, grows while answers come back as fast as the fastest recent one, shrinks when they slow down
    /// (queries are waiting in the server's queue, which drops what overflows it) and halves when an attempt times
    /// out, as TCP Vegas paces a connection. Default true; false lets <see cref="MaxConcurrentQueries"/> out at once.
    /// </summary>
    public bool AdaptiveConcurrency { get; set; } = true;

    /// <summary>Whether queries ask the server to recurse (RD). Default true.</summary>
    public bool RecursionDesired { get; set; } = true;

    /// <summary>
    /// The clock for the attempt timeouts (<see cref="AttemptTimeout"/>, the TCP retry's included), cache expiry and
    /// the pooled UDP sockets' age and idleness. Default <see cref="TimeProvider.System"/>; tests pass a fake clock.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Where the instruments come from: with a factory (an app's <see cref="IMeterFactory"/> from dependency injection),
    /// the client creates its meter (<see cref="NetPrimitivesDiagnostics.Names"/>) through it, so its listeners see these
    /// measurements apart from other factories'. Default <see langword="null"/>: the process-wide meter of that name.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    // Pooled UDP sockets (DnsUdpPool). Internal: tests shrink them; the defaults are documented in docs/HostResolver.md.

    /// <summary>The fewest UDP sockets the pool may open (more when MaxConcurrentQueries exceeds 64 per socket).</summary>
    internal int UdpSockets { get; set; } = 4;

    /// <summary>Queries sent from one socket (one source port) before it is retired (RFC 5452 §9.2).</summary>
    internal int QueriesPerUdpSocket { get; set; } = 256;

    /// <summary>How long one socket (one source port) is used for new queries at most.</summary>
    internal TimeSpan UdpSocketMaxAge { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a socket with nothing in flight stays open.</summary>
    internal TimeSpan UdpSocketIdleTimeout { get; set; } = TimeSpan.FromSeconds(2);

    internal void Validate()
    {
        if (AttemptTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, "The attempt timeout must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Attempts, 1, nameof(Attempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCacheEntries, 1, nameof(MaxCacheEntries));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentQueries, 1, nameof(MaxConcurrentQueries));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxConcurrentQueries, 65_536, nameof(MaxConcurrentQueries));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentOutOfRangeException.ThrowIfLessThan(UdpSockets, 1, nameof(UdpSockets));
        ArgumentOutOfRangeException.ThrowIfLessThan(QueriesPerUdpSocket, 1, nameof(QueriesPerUdpSocket));
    }
}
