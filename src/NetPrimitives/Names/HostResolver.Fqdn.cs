using System.Net;

namespace NetPrimitives.Names;

// getfqdn and the service table: the name functions that are not plain lookups.
public sealed partial class HostResolver
{
    /// <inheritdoc />
    public async Task<string> GetFqdnAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        // Python: name = name.strip(); empty, '0.0.0.0' and '::' mean this host.
        name = (name ?? string.Empty).Trim();
        if (name.Length == 0 || name == "0.0.0.0" || name == "::")
        {
            name = GetHostName();
        }

        HostEntry entry;
        try
        {
            entry = await GetHostByAddrAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (HostResolutionException)
        {
            return name; // any lookup failure: the name unchanged
        }

        if (entry.HostName.Contains('.', StringComparison.Ordinal))
        {
            return entry.HostName;
        }

        return entry.Aliases.FirstOrDefault(a => a.Contains('.', StringComparison.Ordinal)) ?? entry.HostName;
    }

    /// <summary>
    /// Looks a service up by name or alias, like Python's <c>getservbyname</c>, in /etc/services (read once per
    /// process) or, when that file is missing, a built-in table of common services.
    /// </summary>
    /// <param name="name">The service name or an alias, case-insensitive (for example <c>smtp</c> or <c>mail</c>).</param>
    /// <param name="protocol">The protocol (<c>tcp</c>, <c>udp</c>), or null for the first entry of any protocol.</param>
    /// <returns>The entry, or null when there is no such service.</returns>
    public static ServiceEntry? GetServiceByName(string name, string? protocol = null) =>
        ServiceTable.System.GetByName(name, protocol);

    /// <summary>Looks a service up by port, like Python's <c>getservbyport</c>.</summary>
    /// <param name="port">The port number, 0 to 65535.</param>
    /// <param name="protocol">The protocol (<c>tcp</c>, <c>udp</c>), or null for the first entry of any protocol.</param>
    /// <returns>The entry, or null when no service is registered on that port.</returns>
    public static ServiceEntry? GetServiceByPort(int port, string? protocol = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        return ServiceTable.System.GetByPort(port, protocol);
    }
}
