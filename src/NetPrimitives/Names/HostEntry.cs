using System.Net;

namespace NetPrimitives.Names;

/// <summary>
/// The result of a forward or reverse lookup, like Python's <c>(hostname, aliaslist, ipaddrlist)</c>.
/// </summary>
public sealed class HostEntry
{
    /// <summary>Creates an entry.</summary>
    /// <param name="hostName">The canonical name.</param>
    /// <param name="aliases">Other names (CNAMEs followed, or further names of an address).</param>
    /// <param name="addresses">The addresses.</param>
    public HostEntry(string hostName, IReadOnlyList<string> aliases, IReadOnlyList<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        ArgumentNullException.ThrowIfNull(aliases);
        ArgumentNullException.ThrowIfNull(addresses);
        HostName = hostName;
        Aliases = aliases;
        Addresses = addresses;
    }

    /// <summary>The canonical host name.</summary>
    public string HostName { get; }

    /// <summary>Other names of the host (may be empty).</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The host's addresses, in the order the resolver returned them (IPv4 first when both families were asked for).</summary>
    public IReadOnlyList<IPAddress> Addresses { get; }

    /// <summary>Returns Python's tuple notation, for printing.</summary>
    /// <returns>For example <c>('localhost', [], ['127.0.0.1'])</c>.</returns>
    public override string ToString() =>
        $"('{HostName}', [{string.Join(", ", Aliases.Select(a => $"'{a}'"))}], [{string.Join(", ", Addresses.Select(a => $"'{a}'"))}])";
}
