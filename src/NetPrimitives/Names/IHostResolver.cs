using System.Net;

namespace NetPrimitives.Names;

/// <summary>
/// Name resolution, Python's socket name functions as async calls. <see cref="HostResolver"/> implements it over
/// the OS resolver or the built-in DNS stub client; mock it (for example with NSubstitute) to test code that
/// resolves names without a network.
/// </summary>
/// <remarks>
/// Every method throws <see cref="HostResolutionException"/> (or its <see cref="InvalidHostNameException"/>)
/// for a failed lookup, and <see cref="OperationCanceledException"/> only when the caller's token is cancelled.
/// </remarks>
public interface IHostResolver
{
    /// <summary>Returns the first IPv4 address of <paramref name="hostName"/>, like Python's <c>gethostbyname</c>.</summary>
    /// <param name="hostName">A host name or an IPv4 literal.</param>
    /// <param name="cancellationToken">Cancels the lookup; the call returns promptly even if the OS resolver cannot be interrupted.</param>
    /// <returns>The first IPv4 address.</returns>
    Task<IPAddress> GetHostByNameAsync(string hostName, CancellationToken cancellationToken = default);

    /// <summary>Returns the canonical name, aliases and addresses of <paramref name="hostName"/>, like Python's <c>gethostbyname_ex</c>.</summary>
    /// <param name="hostName">A host name or an IP literal.</param>
    /// <param name="family">Which address families to return (default IPv4 only, as Python).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The host entry; its address list is never empty.</returns>
    Task<HostEntry> GetHostByNameExAsync(string hostName, AddressFamilyPreference family = AddressFamilyPreference.InterNetwork, CancellationToken cancellationToken = default);

    /// <summary>Reverse lookup of <paramref name="address"/>, like Python's <c>gethostbyaddr</c>.</summary>
    /// <param name="address">The address to look up.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The host's name, its aliases, and <paramref name="address"/>.</returns>
    Task<HostEntry> GetHostByAddrAsync(IPAddress address, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns a fully qualified name for <paramref name="name"/> by Python's <c>getfqdn</c> rule: an empty name,
    /// <c>0.0.0.0</c> or <c>::</c> mean this host; the reverse lookup's first name containing a dot is returned,
    /// else its canonical name; on any lookup failure the name is returned unchanged.
    /// </summary>
    /// <param name="name">A host name or address; null or empty for this host.</param>
    /// <param name="cancellationToken">Cancels the lookup (this throws; lookup failures do not).</param>
    /// <returns>The fully qualified name, or the name itself.</returns>
    Task<string> GetFqdnAsync(string? name = null, CancellationToken cancellationToken = default);

    /// <summary>Returns this machine's host name, like Python's <c>gethostname</c>.</summary>
    /// <returns>The host name.</returns>
    string GetHostName();

    /// <summary>
    /// Resolves many names with bounded concurrency and streams each result as it completes (not in input order):
    /// either the host entry or the typed failure. Invalid names become failed results, not exceptions.
    /// </summary>
    /// <param name="hostNames">The names (or IP literals) to resolve; enumerated once, lazily.</param>
    /// <param name="family">Which address families to return.</param>
    /// <param name="cancellationToken">Stops the batch; the enumeration then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>One result per name.</returns>
    IAsyncEnumerable<HostLookupResult> ResolveManyAsync(IEnumerable<string> hostNames, AddressFamilyPreference family = AddressFamilyPreference.InterNetwork, CancellationToken cancellationToken = default);
}
