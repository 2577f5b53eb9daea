using System.Net;
using System.Net.Sockets;

namespace NetPrimitives.Names;

/// <summary>
/// The OS resolver (System.Net.Dns: getaddrinfo/getnameinfo, so /etc/hosts and nsswitch apply). On Linux a
/// running getaddrinfo cannot be interrupted, so the caller's wait is cut short instead (WaitAsync) and the
/// lookup finishes in the background. A semaphore caps the calls in flight, abandoned ones included, so a dead
/// resolver cannot make abandoned lookups pile up without bound.
/// </summary>
internal sealed class SystemResolverBackend : IResolverBackend
{
    private readonly Func<string, AddressFamily, Task<IPHostEntry>> _forward;
    private readonly Func<IPAddress, Task<IPHostEntry>> _reverse;
    private readonly SemaphoreSlim _slots;
    private readonly NamesMetrics _metrics;
    private int _abandoned;

    public SystemResolverBackend(int maxConcurrentLookups, NamesMetrics metrics)
        : this(maxConcurrentLookups, static (name, family) => Dns.GetHostEntryAsync(name, family), static address => Dns.GetHostEntryAsync(address), metrics)
    {
    }

    /// <summary>For tests: the blocking calls are replaceable to simulate a resolver that hangs.</summary>
    internal SystemResolverBackend(int maxConcurrentLookups, Func<string, AddressFamily, Task<IPHostEntry>> forward, Func<IPAddress, Task<IPHostEntry>> reverse,
        NamesMetrics? metrics = null)
    {
        _metrics = metrics ?? NamesMetrics.For(null);
        _slots = new SemaphoreSlim(maxConcurrentLookups, maxConcurrentLookups);
        _forward = forward;
        _reverse = reverse;
    }

    /// <summary>Lookups whose caller gave up but which are still running in the OS resolver.</summary>
    public int AbandonedLookups => Volatile.Read(ref _abandoned);

    /// <summary>Free slots for new OS lookups.</summary>
    public int AvailableSlots => _slots.CurrentCount;

    public async Task<HostEntry> ForwardAsync(string name, AddressFamilyPreference family, CancellationToken cancellationToken)
    {
        var osFamily = family switch
        {
            AddressFamilyPreference.InterNetwork => AddressFamily.InterNetwork,
            AddressFamilyPreference.InterNetworkV6 => AddressFamily.InterNetworkV6,
            _ => AddressFamily.Unspecified,
        };

        var entry = await RunAsync(name, () => _forward(name, osFamily), cancellationToken).ConfigureAwait(false);
        var addresses = entry.AddressList
            .Where(a => family switch
            {
                AddressFamilyPreference.InterNetwork => a.AddressFamily == AddressFamily.InterNetwork,
                AddressFamilyPreference.InterNetworkV6 => a.AddressFamily == AddressFamily.InterNetworkV6,
                _ => true,
            })
            .OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1) // stable: IPv4 first, then IPv6
            .Distinct()
            .ToArray();
        if (addresses.Length == 0)
        {
            throw new HostResolutionException(HostResolutionError.NoAddress, name, $"'{name}' has no {Describe(family)} address.");
        }

        return new HostEntry(string.IsNullOrEmpty(entry.HostName) ? name : entry.HostName, entry.Aliases ?? [], addresses);
    }

    public async Task<HostEntry> ReverseAsync(IPAddress address, CancellationToken cancellationToken)
    {
        var text = address.ToString();
        var entry = await RunAsync(text, () => _reverse(address), cancellationToken).ConfigureAwait(false);
        // Python's gethostbyaddr returns the address asked about, not the forward lookup .NET adds.
        return new HostEntry(entry.HostName, entry.Aliases ?? [], [address]);
    }

    private async Task<IPHostEntry> RunAsync(string query, Func<Task<IPHostEntry>> start, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        Task<IPHostEntry> lookup;
        try
        {
            lookup = start();
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            _slots.Release();
            throw Map(ex, query);
        }

        // The slot is returned when the OS call really ends, not when the caller stops waiting.
        _ = lookup.ContinueWith(
            static (t, state) =>
            {
                _ = t.Exception; // observed: an abandoned lookup's failure is nobody's business
                ((SemaphoreSlim)state!).Release();
            },
            _slots,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        try
        {
            return await lookup.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !lookup.IsCompleted)
        {
            Abandon(lookup);
            throw;
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            throw Map(ex, query);
        }
    }

    private void Abandon(Task lookup)
    {
        Interlocked.Increment(ref _abandoned);
        _metrics.AbandonedLookups.Add(1);
        _ = lookup.ContinueWith(
            static (_, state) =>
            {
                var self = (SystemResolverBackend)state!;
                Interlocked.Decrement(ref self._abandoned);
                self._metrics.AbandonedLookups.Add(-1);
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Maps the OS resolver's errors (SocketError from EAI_* codes) to our typed failures.</summary>
    internal static HostResolutionException Map(Exception ex, string query)
    {
        if (ex is not SocketException se)
        {
            return new HostResolutionException(HostResolutionError.InvalidName, query, $"The OS resolver rejected '{query}': {ex.Message}", ex);
        }

        var (error, what) = se.SocketErrorCode switch
        {
            SocketError.HostNotFound => (HostResolutionError.NotFound, "not found"),
            SocketError.NoData => (HostResolutionError.NoAddress, "has no address of the requested family"),
            SocketError.TryAgain => (HostResolutionError.TemporaryFailure, "temporary failure in name resolution, try again"),
            SocketError.TimedOut => (HostResolutionError.TimedOut, "timed out in the OS resolver"),
            SocketError.AddressFamilyNotSupported => (HostResolutionError.NoAddress, "address family not supported"),
            _ => (HostResolutionError.ServerFailure, $"resolver failure ({se.SocketErrorCode})"),
        };
        return new HostResolutionException(error, query, $"'{query}': {what}.", ex);
    }

    private static string Describe(AddressFamilyPreference family) => family switch
    {
        AddressFamilyPreference.InterNetwork => "IPv4",
        AddressFamilyPreference.InterNetworkV6 => "IPv6",
        _ => "IP",
    };
}
