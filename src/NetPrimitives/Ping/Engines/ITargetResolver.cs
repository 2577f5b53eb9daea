using System.Net;

namespace NetPrimitives.Ping.Engines;

/// <summary>
/// How the sweep turns a host-name target into an address. Kept this small so the adapter over
/// NetPrimitives.Names.HostResolver is one method.
/// </summary>
internal interface ITargetResolver
{
    /// <summary>The first address of <paramref name="hostName"/>, or throws with the reason it did not resolve.</summary>
    ValueTask<IPAddress> ResolveAsync(string hostName, CancellationToken cancellationToken);
}
