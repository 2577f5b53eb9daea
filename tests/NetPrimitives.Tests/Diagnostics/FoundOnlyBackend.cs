using System.Net;
using NetPrimitives.Names;

namespace NetPrimitives.Tests.Diagnostics;

/// <summary>A resolver backend for the diagnostics tests: found.example is 127.0.0.1, every other name is not found.</summary>
internal sealed class FoundOnlyBackend : IResolverBackend
{
    public Task<HostEntry> ForwardAsync(string name, AddressFamilyPreference family, CancellationToken cancellationToken) =>
        name == "found.example"
            ? Task.FromResult(new HostEntry(name, [], [IPAddress.Loopback]))
            : Task.FromException<HostEntry>(new HostResolutionException(HostResolutionError.NotFound, name, "not found"));

    public Task<HostEntry> ReverseAsync(IPAddress address, CancellationToken cancellationToken) => throw new NotSupportedException();
}
