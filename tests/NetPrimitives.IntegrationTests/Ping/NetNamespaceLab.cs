using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace NetPrimitives.IntegrationTests.Ping;

/// <summary>
/// Two network namespaces joined by a veth pair, created by the test and removed on Dispose; the root namespace
/// is not touched, so nothing can leave the machine. "Sweeper" holds the sweeping socket (created on a thread
/// that has entered it with setns(2)); "Hosts" owns the whole dead subnet but ignores echo requests:
/// <code>
///   sweeper: veth 10.213.L.1/30, route Dead/24 and Unreachable/24 via 10.213.L.2, ping_group_range 0-2^31
///   hosts:   veth 10.213.L.2/30, local route Dead/24 (answers ARP, icmp_echo_ignore_all=1),
///            unreachable route Unreachable/24 with forwarding on (answers with ICMP host unreachable)
/// </code>
/// Where IPv6 works in the namespaces, the same for ICMPv6: fd00:213:L::1/64 and ::2/64 on the veth pair, the
/// sweeper routes <see cref="UnreachableSubnet6"/> via ::2, the hosts side has an unreachable route for it.
/// </summary>
internal sealed class NetNamespaceLab : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    private NetNamespaceLab(string sweeper, string hosts, int link)
    {
        Sweeper = sweeper;
        Hosts = hosts;
        Link = link;
    }

    public string Sweeper { get; }

    public string Hosts { get; }

    /// <summary>L in 10.213.L.0/30; the dead subnet is 10.213.(L+1).0/24, the unreachable one 10.213.(L+2).0/24.</summary>
    public int Link { get; }

    public string DeadSubnet => $"10.213.{Link + 1}.0/24";

    public string UnreachableSubnet => $"10.213.{Link + 2}.0/24";

    /// <summary>Whether the sweeper namespace's loopback has ::1 (not where IPv6 is disabled).</summary>
    public bool HasIpv6Loopback { get; private set; }

    /// <summary>fd00:213:(L+2)::/64, answered with ICMPv6 destination unreachable by the hosts side.</summary>
    public string UnreachableSubnet6 => $"{UnreachablePrefix6}/64";

    /// <summary>fd00:213:(L+2)::, the start of <see cref="UnreachableSubnet6"/>.</summary>
    public string UnreachablePrefix6 => $"fd00:213:{Link + 2:x}::";

    /// <summary>fd00:213:L::2, the hosts side of the veth pair, which reports <see cref="UnreachableSubnet6"/> unreachable.</summary>
    public string Router6 => $"fd00:213:{Link:x}::2";

    /// <summary>Whether the IPv6 part of the lab could be set up; why not otherwise.</summary>
    public string? Ipv6Unavailable { get; private set; } = "not set up";

    /// <summary>Creates the lab, or returns null with the reason it cannot be created here.</summary>
    public static NetNamespaceLab? TryCreate(out string reason)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            reason = "network namespaces need Linux and root";
            return null;
        }

        Tests.Infrastructure.Peers.Require("ip", "creates the network namespaces of the dead-host tests"); // iproute2

        var id = $"{Environment.ProcessId % 100_000}{Random.Shared.Next(1000):D3}";
        var link = 4 * Random.Shared.Next(10, 60); // 10.213.40-239.x: away from anything a person would pick
        var lab = new NetNamespaceLab($"npsw{id}", $"nphs{id}", link);
        try
        {
            lab.Setup();
            reason = string.Empty;
            return lab;
        }
        catch (Exception ex)
        {
            lab.Dispose();
            reason = $"could not create network namespaces: {ex.Message}";
            return null;
        }
    }

    private void Setup()
    {
        string sweeperVeth = "a" + Sweeper, hostsVeth = "b" + Sweeper; // at most 15 characters
        Ip($"netns add {Sweeper}");
        Ip($"netns add {Hosts}");
        Ip($"link add {sweeperVeth} netns {Sweeper} type veth peer name {hostsVeth} netns {Hosts}");
        In(Sweeper, $"ip link set lo up");
        In(Sweeper, $"ip link set {sweeperVeth} up");
        In(Sweeper, $"ip addr add 10.213.{Link}.1/30 dev {sweeperVeth}");
        In(Sweeper, $"ip route add {DeadSubnet} via 10.213.{Link}.2");
        In(Sweeper, $"ip route add {UnreachableSubnet} via 10.213.{Link}.2");
        In(Sweeper, "sysctl -q -w net.ipv4.ping_group_range=0\t2147483647");
        In(Hosts, $"ip link set lo up");
        In(Hosts, $"ip link set {hostsVeth} up");
        In(Hosts, $"ip addr add 10.213.{Link}.2/30 dev {hostsVeth}");
        In(Hosts, $"ip route add local {DeadSubnet} dev lo");
        In(Hosts, $"ip route add unreachable {UnreachableSubnet}");
        In(Hosts, "sysctl -q -w net.ipv4.icmp_echo_ignore_all=1");
        In(Hosts, "sysctl -q -w net.ipv4.ip_forward=1");
        In(Hosts, "sysctl -q -w net.ipv4.icmp_ratelimit=0"); // every probe gets its unreachable, not one a second
        HasIpv6Loopback = Output($"netns exec {Sweeper} ip -6 addr show dev lo").Contains("::1/128", StringComparison.Ordinal);
        if (HasIpv6Loopback)
        {
            try
            {
                // nodad: usable at once, without duplicate address detection's second or two.
                In(Sweeper, $"ip -6 addr add fd00:213:{Link:x}::1/64 dev {sweeperVeth} nodad");
                In(Sweeper, $"ip -6 route add {UnreachableSubnet6} via {Router6}");
                In(Hosts, $"ip -6 addr add {Router6}/64 dev {hostsVeth} nodad");
                In(Hosts, $"ip -6 route add unreachable {UnreachableSubnet6}");
                In(Hosts, "sysctl -q -w net.ipv6.conf.all.forwarding=1");
                In(Hosts, "sysctl -q -w net.ipv6.icmp.ratelimit=0");
                Ipv6Unavailable = null;
            }
            catch (InvalidOperationException ex)
            {
                Ipv6Unavailable = ex.Message;
            }
        }
        else
        {
            Ipv6Unavailable = "IPv6 is disabled in the test namespace (no ::1)";
        }
    }

    /// <summary>Runs <paramref name="action"/> on a thread inside the sweeper namespace; sockets it creates stay there.</summary>
    public T InSweeper<T>(Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            using var home = File.OpenHandle("/proc/thread-self/ns/net");
            using var target = File.OpenHandle($"/var/run/netns/{Sweeper}");
            try
            {
                Enter(target);
                try
                {
                    result = action();
                }
                finally
                {
                    Enter(home);
                }
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException("inside the sweeper namespace: " + failure.Message, failure);
    }

    public void Dispose()
    {
        // Deleting a namespace deletes its end of the veth pair, and with it the other end.
        foreach (var name in new[] { Sweeper, Hosts })
        {
            try
            {
                Ip($"netns delete {name}");
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private static void Enter(SafeFileHandle ns)
    {
        if (setns((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static void In(string ns, string command) => Ip($"netns exec {ns} {command}");

    private static void Ip(string arguments) => Output(arguments);

    private static string Output(string arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments.Split(' '))
        {
            start.ArgumentList.Add(argument.Replace('\t', ' '));
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(10_000))
        {
            process.Kill();
            throw new InvalidOperationException($"ip {arguments}: timed out");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {arguments}: {error.Result.Trim()}");
        }

        return output;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);
}
