using System.Net;
using NetPrimitives.Names;

namespace NetPrimitives.Ping.Engines;

/// <summary>Host-name targets resolved through <see cref="IHostResolver"/>: the first address, IPv4 before IPv6 (like fping).</summary>
internal sealed class HostResolverTargetResolver : ITargetResolver
{
    private readonly Func<IHostResolver>? _create;
    private IHostResolver? _resolver;

    public HostResolverTargetResolver(IHostResolver resolver) => _resolver = resolver;

    /// <summary>Creates the resolver on the first host name: a sweep of addresses only never loads the name-resolution stack.</summary>
    public HostResolverTargetResolver(Func<IHostResolver> create) => _create = create;

    public async ValueTask<IPAddress> ResolveAsync(string hostName, CancellationToken cancellationToken)
    {
        var resolver = _resolver ?? LazyInitializer.EnsureInitialized(ref _resolver, _create!);
        var entry = await resolver.GetHostByNameExAsync(hostName, AddressFamilyPreference.Any, cancellationToken).ConfigureAwait(false);
        return entry.Addresses[0]; // HostEntry promises a non-empty list; a failure is a HostResolutionException
    }
}
