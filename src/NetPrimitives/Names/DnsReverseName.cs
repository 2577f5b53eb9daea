using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NetPrimitives.Names;

/// <summary>The PTR query name of an address: RFC 1035 §3.5 (in-addr.arpa) and RFC 3596 §2.5 (ip6.arpa nibbles).</summary>
internal static class DnsReverseName
{
    public static string For(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        var builder = new StringBuilder(address.AddressFamily == AddressFamily.InterNetwork ? 29 : 73);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            for (var i = 3; i >= 0; i--)
            {
                builder.Append(bytes[i]).Append('.');
            }

            return builder.Append("in-addr.arpa").ToString();
        }

        const string Hex = "0123456789abcdef";
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            builder.Append(Hex[bytes[i] & 0xF]).Append('.').Append(Hex[bytes[i] >> 4]).Append('.');
        }

        return builder.Append("ip6.arpa").ToString();
    }
}
