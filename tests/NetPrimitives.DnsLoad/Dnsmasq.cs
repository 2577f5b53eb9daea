using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NetPrimitives.DnsLoad;

/// <summary>dnsmasq serving N names from a hosts file on 127.0.0.1, and forwarding silent.test to a socket that never answers.</summary>
internal sealed class Dnsmasq : IDisposable
{
    private readonly Process _process;
    private readonly string _hostsFile;

    /// <param name="cpus">When set, dnsmasq runs under <c>taskset -c cpus</c> (taskset execs it: same pid).</param>
    public Dnsmasq(int port, int names, int silentPort, string? cpus = null)
    {
        _hostsFile = Path.GetTempFileName();
        File.WriteAllLines(_hostsFile, Enumerable.Range(0, names).Select(i => $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255} {Name(i)}"));
        var path = new[] { "/usr/sbin/dnsmasq", "/sbin/dnsmasq", "/usr/bin/dnsmasq" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("dnsmasq is not installed (apt-get install dnsmasq)");
        var info = new ProcessStartInfo(cpus is null ? path : "taskset") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        if (cpus is not null)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(cpus);
            info.ArgumentList.Add(path);
        }

        foreach (var arg in new[]
        {
            $"--port={port}", "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts", "--no-daemon",
            "--conf-file=/dev/null", "--pid-file=", "--user=" + Environment.UserName, "--log-facility=-",
            $"--addn-hosts={_hostsFile}", "--local=/bench.test/", $"--server=/silent.test/127.0.0.1#{silentPort}",
        })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    public IPEndPoint EndPoint { get; }

    public static string Name(int i) => $"h{i:D5}.bench.test";

    public static int FreePort()
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)udp.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        File.Delete(_hostsFile);
    }
}
