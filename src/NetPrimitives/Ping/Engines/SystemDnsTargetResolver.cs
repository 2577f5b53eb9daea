using System.Net;

namespace NetPrimitives.Ping.Engines;

/// <summary>
/// Resolves host-name targets through the operating system's resolver until NetPrimitives.Names.HostResolver
/// is available on this branch; then this adapter is replaced by one over HostResolver.
/// </summary>
internal sealed class SystemDnsTargetResolver : ITargetResolver
{
    public static SystemDnsTargetResolver Instance { get; } = new();

    public async ValueTask<IPAddress> ResolveAsync(string hostName, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(hostName, cancellationToken).ConfigureAwait(false);
        return addresses.Length > 0 ? addresses[0] : throw new InvalidOperationException($"{hostName} has no addresses");
    }
}
