using System.Net;

namespace NetPrimitives.Names;

/// <summary>
/// Where lookups go: the OS resolver or the DNS stub client. Receives validated ASCII names; throws
/// <see cref="HostResolutionException"/> for failures and <see cref="OperationCanceledException"/> when the token fires.
/// </summary>
internal interface IResolverBackend
{
    Task<HostEntry> ForwardAsync(string name, AddressFamilyPreference family, CancellationToken cancellationToken);

    Task<HostEntry> ReverseAsync(IPAddress address, CancellationToken cancellationToken);
}
