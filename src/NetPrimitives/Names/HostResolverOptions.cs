using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;
using System.Net;
using NetPrimitives.Transport;

namespace NetPrimitives.Names;

/// <summary>Settings of a <see cref="HostResolver"/>; invalid values throw when the resolver is created.</summary>
public sealed class HostResolverOptions
{
    /// <summary>
    /// The time one lookup may take before it fails with <see cref="HostResolutionError.TimedOut"/>.
    /// Default 10 seconds; <see cref="Timeout.InfiniteTimeSpan"/> for none.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most OS resolver calls running at once, including ones whose caller gave up (timed out or cancelled)
    /// but which getaddrinfo cannot interrupt. Further lookups wait for a slot (within their timeout), so
    /// abandoned lookups can never pile up without bound. Default 32.
    /// </summary>
    public int MaxConcurrentSystemLookups { get; set; } = 32;

    /// <summary>The number of lookups <see cref="HostResolver.ResolveManyAsync"/> runs at once. Default 16.</summary>
    public int BatchConcurrency { get; set; } = 16;

    /// <summary>
    /// When set, names are resolved by querying this DNS server directly with the built-in stub client
    /// (<see cref="DnsStubClient"/>) instead of the OS resolver; /etc/hosts is then not consulted.
    /// Default null: the OS resolver.
    /// </summary>
    public IPEndPoint? DnsServer { get; set; }

    /// <summary>
    /// Settings of the stub client used when <see cref="DnsServer"/> is set. Default: <see cref="DnsStubClientOptions"/>'
    /// defaults, with this resolver's <see cref="TimeProvider"/>.
    /// </summary>
    public DnsStubClientOptions? DnsClientOptions { get; set; }

    /// <summary>
    /// The clock behind <see cref="Timeout"/> and the lookup durations recorded in the metrics.
    /// Default <see cref="System.TimeProvider.System"/>; tests pass a fake clock.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the instruments come from: with a factory (an app's <see cref="IMeterFactory"/> from dependency injection),
    /// the resolver creates its meter (<see cref="NetPrimitivesDiagnostics.Names"/>) through it, so its listeners see these
    /// measurements apart from other factories'. The stub client it creates for <see cref="DnsServer"/> uses it too unless <see cref="DnsClientOptions"/> is set. Default <see langword="null"/>: the process-wide meter of that name.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    internal void Validate()
    {
        TransportOptions.PositiveOrInfinite(Timeout, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentSystemLookups, 1, nameof(MaxConcurrentSystemLookups));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchConcurrency, 1, nameof(BatchConcurrency));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        DnsClientOptions?.Validate();
    }
}
