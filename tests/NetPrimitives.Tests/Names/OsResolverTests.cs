using System.Net;
using System.Net.Sockets;
using NetPrimitives.Names;

namespace NetPrimitives.Tests.Names;

/// <summary>
/// Real lookups through the OS resolver, restricted to names answered from /etc/hosts (IPv4 only, so glibc never
/// falls through to a DNS server: tests stay on this machine).
/// </summary>
public sealed class OsResolverTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Localhost_resolves_to_loopback()
    {
        var resolver = new HostResolver();
        var address = await resolver.GetHostByNameAsync("localhost").WaitAsync(Guard);
        Assert.True(IPAddress.IsLoopback(address));
        Assert.Equal(AddressFamily.InterNetwork, address.AddressFamily);

        var entry = await resolver.GetHostByNameExAsync("localhost").WaitAsync(Guard);
        Assert.NotEmpty(entry.Addresses);
        Assert.All(entry.Addresses, a => Assert.Equal(AddressFamily.InterNetwork, a.AddressFamily));
    }

    [Fact]
    public async Task Every_ipv4_name_in_etc_hosts_resolves_to_an_address_listed_for_it()
    {
        var hosts = ReadHostsFile();
        if (hosts.Count == 0)
        {
            Assert.Skip("/etc/hosts has no IPv4 entries");
        }

        var resolver = new HostResolver();
        foreach (var (name, addresses) in hosts)
        {
            var entry = await resolver.GetHostByNameExAsync(name).WaitAsync(Guard);
            Assert.Contains(entry.Addresses[0], addresses);
        }
    }

    [Fact]
    public async Task Reverse_lookup_of_127_0_0_1_names_a_host_in_etc_hosts()
    {
        var hosts = ReadHostsFile();
        var namesOfLoopback = hosts.Where(h => h.Value.Contains(IPAddress.Loopback)).Select(h => h.Key).ToArray();
        if (namesOfLoopback.Length == 0)
        {
            Assert.Skip("/etc/hosts does not list 127.0.0.1");
        }

        var entry = await new HostResolver().GetHostByAddrAsync(IPAddress.Loopback).WaitAsync(Guard);
        Assert.Contains(entry.HostName, namesOfLoopback, StringComparer.OrdinalIgnoreCase);
        Assert.Equal([IPAddress.Loopback], entry.Addresses);
        var viaText = await new HostResolver().GetHostByAddrAsync("127.0.0.1").WaitAsync(Guard);
        Assert.Equal(entry.HostName, viaText.HostName);
    }

    [Fact]
    public async Task Getfqdn_of_localhost_returns_a_name_and_gethostname_matches_the_os()
    {
        var resolver = new HostResolver();
        Assert.Equal(Dns.GetHostName(), resolver.GetHostName());
        var fqdn = await resolver.GetFqdnAsync("127.0.0.1").WaitAsync(Guard);
        Assert.False(string.IsNullOrWhiteSpace(fqdn));
    }

    /// <summary>IPv4 entries of /etc/hosts: name → addresses listed for it.</summary>
    private static Dictionary<string, List<IPAddress>> ReadHostsFile()
    {
        var result = new Dictionary<string, List<IPAddress>>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists("/etc/hosts"))
        {
            return result;
        }

        foreach (var raw in File.ReadAllLines("/etc/hosts"))
        {
            var line = raw.Split('#')[0];
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !IPAddress.TryParse(fields[0], out var address) || address.AddressFamily != AddressFamily.InterNetwork)
            {
                continue;
            }

            foreach (var name in fields.Skip(1))
            {
                if (!result.TryGetValue(name, out var list))
                {
                    result[name] = list = [];
                }

                list.Add(address);
            }
        }

        return result;
    }
}
