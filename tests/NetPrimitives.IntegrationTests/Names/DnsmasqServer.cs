using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.IntegrationTests.Names;

/// <summary>
/// A real dnsmasq on 127.0.0.1 and a free port, serving the test zone "test" from command-line records only
/// (no upstream, no /etc/hosts, no config file). Started on first use, killed on dispose.
/// </summary>
public sealed class DnsmasqServer : IAsyncDisposable
{
    /// <summary>Three TXT strings of 200 characters: over 512 bytes, so the UDP answer is truncated.</summary>
    public static readonly string BigText = new('x', 200);

    private static readonly string[] Records =
    [
        "--local=/test/",                     // the zone is ours: unknown names are NXDOMAIN, never forwarded
        "--local-ttl=60",
        "--host-record=web.test,10.53.0.5,fd00:53::5",
        "--host-record=v4only.test,10.53.0.6",
        "--cname=www.test,web.test",
        "--cname=chain.test,www.test",        // chain.test -> www.test -> web.test
        "--mx-host=test,mail.test,10",
        "--srv-host=_sip._tcp.test,sip.test,5060,1,5",
        "--txt-record=txt.test,hello world,second",
        $"--txt-record=big.test,{BigText},{BigText},{BigText}",
        "--ptr-record=9.0.53.10.in-addr.arpa,named.test",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;

    public IPEndPoint? EndPoint { get; private set; }

    /// <summary>Starts dnsmasq (once) and returns its endpoint; skips the test when dnsmasq is not installed.</summary>
    public async Task<IPEndPoint> StartAsync()
    {
        var path = Peers.Require("dnsmasq", "HostResolver tests against a real DNS server");
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (EndPoint is not null)
            {
                return EndPoint;
            }

            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort();
                var (process, started, output) = Start(path, port);
                if (await started)
                {
                    _process = process;
                    return EndPoint = new IPEndPoint(IPAddress.Loopback, port);
                }

                Stop(process);
                if (attempt == 5)
                {
                    Assert.Fail($"dnsmasq did not start on 127.0.0.1 after {attempt} ports: {output}");
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            Stop(_process);
        }

        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    // dnsmasq binds its UDP and TCP sockets before it logs "started", and exits when it cannot bind: the log
    // line (or the exit) says when it is ready, with no probing.
    private static (Process Process, Task<bool> Started, StringBuilder Output) Start(string path, int port)
    {
        var info = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { $"--port={port}", "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts", "--no-daemon", "--conf-file=/dev/null", "--pid-file=", "--user=" + Environment.UserName, "--log-facility=-" }.Concat(Records))
        {
            info.ArgumentList.Add(arg);
        }

        var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data.Contains("started, version", StringComparison.Ordinal))
            {
                started.TrySetResult(true);
            }
        };
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        process.Exited += (_, _) => started.TrySetResult(false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, started.Task.WaitAsync(TimeSpan.FromSeconds(30)), output);
    }

    // A port free for both UDP and TCP right now; dnsmasq may still lose a race for it, so the caller retries.
    private static int FreePort()
    {
        while (true)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for TCP: try another.
            }
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }
}
