using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NetPrimitives.Names;

/// <summary>
/// Python's socket name functions done properly: typed failures, names validated before any lookup, timeouts and
/// cancellation honoured on time even though the OS resolver cannot be interrupted, and a batch call that streams
/// results. Uses the OS resolver by default.
/// </summary>
public sealed partial class HostResolver : IHostResolver
{
    private readonly HostResolverOptions _options;
    private readonly ILogger _logger;
    private readonly IResolverBackend _backend;
    private readonly NamesMetrics _metrics;

    /// <summary>Creates a resolver.</summary>
    /// <param name="options">Settings; null for the defaults (OS resolver, 10 s timeout).</param>
    /// <param name="logger">Where to log lookups and failures (event ids 600–699); null for none.</param>
    public HostResolver(HostResolverOptions? options = null, ILogger<HostResolver>? logger = null)
        : this(options ?? new HostResolverOptions(), logger, backend: null)
    {
    }

    internal HostResolver(HostResolverOptions options, ILogger? logger, IResolverBackend? backend)
    {
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _metrics = NamesMetrics.For(options.MeterFactory);
        _backend = backend ?? CreateBackend(options, _logger, _metrics);
    }

    internal IResolverBackend Backend => _backend;

    /// <inheritdoc />
    public async Task<IPAddress> GetHostByNameAsync(string hostName, CancellationToken cancellationToken = default)
    {
        var entry = await GetHostByNameExAsync(hostName, AddressFamilyPreference.InterNetwork, cancellationToken).ConfigureAwait(false);
        return entry.Addresses[0];
    }

    /// <inheritdoc />
    public async Task<HostEntry> GetHostByNameExAsync(string hostName, AddressFamilyPreference family = AddressFamilyPreference.InterNetwork, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        if (HostNameValidator.TryParseAddress(hostName, out var literal))
        {
            // A literal needs no lookup (Python returns it as is), but it must match the family asked for.
            if (!Matches(literal, family))
            {
                throw new HostResolutionException(HostResolutionError.NoAddress, hostName, $"'{hostName}' is an {literal.AddressFamily} address, not of the requested family.");
            }

            return new HostEntry(literal.ToString(), [], [literal]);
        }

        var ascii = ValidateOrLog(hostName);
        return await RunAsync(hostName, (Backend: _backend, Name: ascii, Family: family), static (lookup, token) => lookup.Backend.ForwardAsync(lookup.Name, lookup.Family, token), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<HostEntry> GetHostByAddrAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return RunAsync(address.ToString(), (Backend: _backend, Address: address), static (lookup, token) => lookup.Backend.ReverseAsync(lookup.Address, token), cancellationToken);
    }

    /// <summary>Reverse lookup of an address given as text (Python's <c>gethostbyaddr</c> also accepts a host name, resolved first).</summary>
    /// <param name="addressOrName">An IP literal or a host name.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The host's name, its aliases and the address.</returns>
    public async Task<HostEntry> GetHostByAddrAsync(string addressOrName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(addressOrName);
        var address = HostNameValidator.TryParseAddress(addressOrName, out var literal)
            ? literal
            : (await GetHostByNameExAsync(addressOrName, AddressFamilyPreference.Any, cancellationToken).ConfigureAwait(false)).Addresses[0];
        return await GetHostByAddrAsync(address, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public string GetHostName() => Dns.GetHostName();

    private static IResolverBackend CreateBackend(HostResolverOptions options, ILogger logger, NamesMetrics metrics) =>
        options.DnsServer is { } server
            ? new DnsClientBackend(new DnsStubClient(server, options.DnsClientOptions ?? new DnsStubClientOptions { TimeProvider = options.TimeProvider, MeterFactory = options.MeterFactory }, logger))
            : new SystemResolverBackend(options.MaxConcurrentSystemLookups, metrics);

    private static bool Matches(IPAddress address, AddressFamilyPreference family) => family switch
    {
        AddressFamilyPreference.InterNetwork => address.AddressFamily == AddressFamily.InterNetwork,
        AddressFamilyPreference.InterNetworkV6 => address.AddressFamily == AddressFamily.InterNetworkV6,
        _ => true,
    };

    private string ValidateOrLog(string hostName)
    {
        try
        {
            return HostNameValidator.Validate(hostName);
        }
        catch (InvalidHostNameException)
        {
            _metrics.RecordLookup(HostResolutionError.InvalidName, 0);
            throw;
        }
    }

    /// <summary>Runs one lookup under the caller's token and the configured timeout, recording the outcome.</summary>
    /// <remarks>
    /// One token source per lookup: the timeout's, which the caller's token cancels through a registration (a linked
    /// source over a timeout source would be two, each with its registrations), and a lookup with state instead of a
    /// closure: fewer allocations per lookup on top of the stub client's own.
    /// </remarks>
    private async Task<T> RunAsync<T, TState>(string query, TState state, Func<TState, CancellationToken, Task<T>> lookup, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var time = _options.TimeProvider;
        using var timeout = new CancellationTokenSource(_options.Timeout, time);
        using var callerCancels = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), timeout);
        var activity = NamesTracing.StartLookup(query);
        var started = time.GetTimestamp();
        try
        {
            var result = await lookup(state, timeout.Token).ConfigureAwait(false);
            _metrics.RecordLookup(null, time.GetElapsedTime(started).TotalSeconds);
            if (activity is not null)
            {
                NamesTracing.Succeeded(activity, result);
            }

            if (result is HostEntry entry)
            {
                NamesLog.LookupSucceeded(_logger, query, entry.Addresses.Count);
            }

            return result;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Failed(HostResolutionError.TimedOut);
            NamesLog.LookupTimedOut(_logger, query, _options.Timeout);
            throw new HostResolutionException(HostResolutionError.TimedOut, query, $"Lookup of '{query}' timed out after {_options.Timeout.TotalMilliseconds:F0} ms.");
        }
        catch (HostResolutionException ex)
        {
            Failed(ex.Error);
            NamesLog.LookupFailed(_logger, query, ex.Error);
            throw;
        }
        catch (Exception ex) when (activity is not null)
        {
            // The caller's cancellation or a disposed client: the span says so, the metric keeps to resolver errors.
            NamesTracing.Failed(activity, ex.GetType().FullName!);
            throw;
        }
        finally
        {
            activity?.Stop();
        }

        void Failed(HostResolutionError error)
        {
            _metrics.RecordLookup(error, time.GetElapsedTime(started).TotalSeconds);
            if (activity is not null)
            {
                NamesTracing.Failed(activity, NamesMetrics.ErrorType(error));
            }
        }
    }
}
