using System.Net;
using NetPrimitives.Names;

namespace NetPrimitives.Ping.Engines;

/// <summary>Host-name targets resolved through <see cref="IHostResolver"/>: the first address, IPv4 before IPv6 (like fping).</summary>
internal sealed class HostResolverTargetResolver(IHostResolver resolver) : ITargetResolver
{
    public async ValueTask<IPAddress> ResolveAsync(string hostName, CancellationToken cancellationToken)
    {
        var entry = await resolver.GetHostByNameExAsync(hostName, AddressFamilyPreference.Any, cancellationToken).ConfigureAwait(false);
        return entry.Addresses[0]; // HostEntry promises a non-empty list; a failure is a HostResolutionException
    }
}
