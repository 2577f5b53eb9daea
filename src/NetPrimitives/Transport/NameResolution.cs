using System.Net;
using System.Net.Sockets;

namespace NetPrimitives.Transport;

// Host names for the clients (TCP connect, the UDP request client) resolve here, so a name that does not
// resolve is one typed error with one wording, whichever client asked.
internal static class NameResolution
{
    public static async Task<IPAddress[]> ResolveAsync(
        string host, AddressFamily family, string target, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, family, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new TransportException($"Cannot connect to {target}: the name did not resolve ({ex.SocketErrorCode}).", null, ex);
        }

        return addresses.Length > 0
            ? addresses
            : throw new TransportException($"Cannot connect to {target}: the name has no addresses.");
    }
}
