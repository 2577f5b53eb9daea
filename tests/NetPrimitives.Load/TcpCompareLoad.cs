using System.Diagnostics;
using System.Globalization;
using System.Net;

/// <summary>
/// tcp-compare: the same load against our EchoServer and against the naive thread-per-connection baseline,
/// in one run. Each server runs in its own process (this program's tcp-server mode), so the load generator's
/// threads and garbage are not charged to it and its memory can be sampled alone. Prints markdown tables.
/// </summary>
internal static class TcpCompareLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = LoadOptions.Parse(args);
        if (options is null)
        {
            return 2;
        }

        // Rounds alternate the two servers so that noise from other work on the machine hits both alike;
        // the table reports each server's median round.
        var rows = new List<(string Impl, TcpEchoLoad.EchoResult Echo, TcpPingPongLoad.PingPongResult Ping, Memory? Soak)>();
        // --inline-completions adds a third server: ours again, with the runtime's socket continuations run
        // inline on the event thread (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1, a process-wide setting).
        List<string> impls = ["ours", "naive"];
        if (options.Rival)
        {
            impls.Insert(1, "saea");
        }

        if (options.InlineCompletions)
        {
            impls.Add("ours-inline");
        }

        var echoes = impls.ToDictionary(i => i, _ => new List<TcpEchoLoad.EchoResult>());
        var pings = impls.ToDictionary(i => i, _ => new List<TcpPingPongLoad.PingPongResult>());
        var soaks = new Dictionary<string, Memory?>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var impl in round % 2 == 1 ? impls : Enumerable.Reverse(impls))
            {
                var soakNow = round == options.Rounds && options.MemorySeconds > 0;
                var lifetime = (options.Seconds * 2) + options.WarmUpSeconds + (soakNow ? options.MemorySeconds : 0) + 60;
                await using var server = await StartServerAsync(impl, options.Address, lifetime, options.ServerCpus);
                var endPoint = new IPEndPoint(options.Address, server.Port);
                Console.Error.WriteLine($"[round {round}, {impl}] server pid {server.Pid} on {endPoint}");

                // Each server is a fresh process: let the JIT tier up its hot path under load first (not counted), as
                // a long-running server would have. With a server pinned to one busy core, the background tier-up
                // otherwise takes much of the measurement.
                if (options.WarmUpSeconds > 0)
                {
                    await EchoAsync(endPoint, options, options.WarmUpSeconds);
                }

                // The server's own CPU time per message: its efficiency, whatever share of the machine it got.
                // And the load clients' (this process's) CPU time per message: the part of the machine no server can have.
                var cpu = server.CpuTime;
                var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
                var echo = await EchoAsync(endPoint, options, options.Seconds);
                echo = echo with
                {
                    ServerCpuSeconds = (server.CpuTime - cpu).TotalSeconds,
                    ClientCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds,
                };
                Console.Error.WriteLine($"[round {round}, {impl}] {echo}");
                echoes[impl].Add(echo);
                cpu = server.CpuTime;
                var ping = await TcpPingPongLoad.MeasureAsync(endPoint, options.Clients, options.Size, options.Seconds);
                ping = ping with { ServerCpuSeconds = (server.CpuTime - cpu).TotalSeconds };
                Console.Error.WriteLine($"[round {round}, {impl}] {ping}");
                pings[impl].Add(ping);

                if (soakNow)
                {
                    var from = server.SampleCount;
                    var load = await EchoAsync(endPoint, options, options.MemorySeconds);
                    await Task.Delay(2500); // one more sample after the load
                    soaks[impl] = Memory.From(server.SamplesFrom(from), load);
                    Console.Error.WriteLine($"[{impl}] soak {load}; {soaks[impl]}");
                }
            }
        }

        foreach (var impl in impls)
        {
            var echo = echoes[impl].OrderBy(e => e.MessagesPerSecond).ElementAt(echoes[impl].Count / 2);
            var ping = pings[impl].OrderBy(p => p.P99Us).ElementAt(pings[impl].Count / 2);
            rows.Add((impl, echo, ping, soaks.GetValueOrDefault(impl)));
        }

        var baseline = rows.Single(r => r.Impl == "naive");
        var rival = rows.SingleOrDefault(r => r.Impl == "saea");
        Console.WriteLine($"{options.Clients} clients, {options.Size} B messages, {options.Messages} in flight per client (echo), {options.Seconds} s per measurement after {options.WarmUpSeconds} s of echo load to warm each server up, median of {options.Rounds} alternating rounds; echo load: {(options.Client == "saea" ? "NetCoreServer-style client (one send per message)" : "plain client (one buffer, bytes echoed back)")}");
        Console.WriteLine(options.ServerCpus is null
            ? $"servers and load clients share the machine's {Environment.ProcessorCount} cores"
            : $"servers pinned to CPU(s) {options.ServerCpus} (taskset), load clients on CPU(s) {AllowedCpus()}");
        Console.WriteLine();
        Console.WriteLine($"| server | echo msg/s | echo MiB/s | errors | vs naive | server CPU s per 10M echo msgs | client CPU s per 10M echo msgs | ping-pong round trips/s | p50 us | p99 us | p99.9 us | p99 vs naive | server CPU us per round trip | echo vs rival | p99 vs rival |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (impl, echo, ping, _) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Name(impl)} | {echo.MessagesPerSecond:N0} | {echo.MiBPerSecond:F1} | {echo.Errors + ping.Errors} | {echo.MessagesPerSecond / baseline.Echo.MessagesPerSecond:F2}x | {echo.ServerCpuSeconds / (echo.MessagesPerSecond * echo.Seconds / 1e7):F2} | {echo.ClientCpuSeconds / (echo.MessagesPerSecond * echo.Seconds / 1e7):F2} | {ping.PerSecond:N0} | {ping.P50Us:F0} | {ping.P99Us:F0} | {ping.P999Us:F0} | {ping.P99Us / baseline.Ping.P99Us:F2}x | {ping.ServerCpuSeconds * 1e6 / ping.RoundTrips:F1} | {(rival.Impl is null ? "-" : $"{echo.MessagesPerSecond / rival.Echo.MessagesPerSecond:F2}x")} | {(rival.Impl is null ? "-" : $"{ping.P99Us / rival.Ping.P99Us:F2}x")} |"));
        }

        // When the cores are saturated, messages/s = cores / (server + client CPU per message). A server that used no
        // CPU at all would still pay the clients' share, which bounds the ratio any server can reach in this setup.
        static double PerMessage(double seconds, TcpEchoLoad.EchoResult e) => seconds / (e.MessagesPerSecond * e.Seconds);
        var naiveTotal = PerMessage(baseline.Echo.ServerCpuSeconds + baseline.Echo.ClientCpuSeconds, baseline.Echo);
        var cheapestClients = rows.Min(r => PerMessage(r.Echo.ClientCpuSeconds, r.Echo));
        Console.WriteLine();
        if (options.ServerCpus is not null)
        {
            // Split cores: each side is bound by its own cores, so say how busy each server was.
            Console.WriteLine(string.Join("; ", rows.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{Name(r.Impl)}: server busy {r.Echo.ServerCpuSeconds / r.Echo.Seconds:P0} of one CPU, clients {r.Echo.ClientCpuSeconds / r.Echo.Seconds:P0}"))));
        }
        else
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU-bound ceiling: naive server + its clients {naiveTotal * 1e9:F1} ns/msg; the cheapest clients alone {cheapestClients * 1e9:F1} ns/msg; a server costing nothing could reach at most {naiveTotal / cheapestClients:F2}x the naive figure on these cores."));
        }

        if (rows.Any(r => r.Soak is not null))
        {
            Console.WriteLine();
            Console.WriteLine($"| server | soak ({options.MemorySeconds} s echo load) msg/s | working set start / end / max MiB | GC heap start / end / max MiB | samples | every ~10 s: working set / GC heap MiB |");
            Console.WriteLine("|---|---:|---:|---:|---:|---|");
            foreach (var (impl, _, _, soak) in rows.Where(r => r.Soak is not null))
            {
                Console.WriteLine($"| {Name(impl)} | {soak!.MessagesPerSecond:N0} | {soak.WorkingSet} | {soak.GcHeap} | {soak.Count} | {soak.Series} |");
            }
        }

        return rows.All(r => r.Echo.Errors + r.Ping.Errors == 0) ? 0 : 1;
    }

    // The CPUs this process may run on (Linux: /proc/self/status), to show where the load clients ran.
    private static string AllowedCpus() =>
        File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?"
            : "?";

    // ours-inline is our server with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 in its environment.
    private static Task<ServerProcess> StartServerAsync(string impl, IPAddress address, int lifetimeSeconds, string? cpus) =>
        ServerProcess.StartAsync(
            ["tcp-server", "--impl", impl == "ours-inline" ? "ours" : impl, "-a", address.ToString(), "-p", "0", "-z", lifetimeSeconds.ToString(CultureInfo.InvariantCulture)],
            cpus,
            impl == "ours-inline" ? new Dictionary<string, string> { ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1" } : null);

    private static Task<TcpEchoLoad.EchoResult> EchoAsync(IPEndPoint endPoint, LoadOptions options, int seconds) => options.Client == "saea"
        ? SaeaEchoLoad.MeasureAsync(endPoint, options.Clients, options.Messages, options.Size, seconds)
        : TcpEchoLoad.MeasureAsync(endPoint, options.Clients, options.Messages, options.Size, seconds);

    private static string Name(string impl) => impl switch
    {
        "saea" => "NetCoreServer-style (SAEA sessions, double send buffer)",
        "ours" => "EchoServer (NetPrimitives)",
        "ours-inline" => "EchoServer, inline socket completions",
        _ => "naive thread-per-connection",
    };

    internal sealed record Memory(double MessagesPerSecond, string WorkingSet, string GcHeap, int Count, string Series)
    {
        public static Memory From(List<(double Seconds, long WorkingSet, long GcHeap)> samples, TcpEchoLoad.EchoResult load)
        {
            static string Mib(IEnumerable<long> values)
            {
                var v = values.ToList();
                return v.Count == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{v[0] / 1048576.0:F1} / {v[^1] / 1048576.0:F1} / {v.Max() / 1048576.0:F1}");
            }

            // Every fifth sample (about every 10 s): enough to tell a plateau from a slope.
            var series = string.Join(", ", samples.Where((_, i) => i % 5 == 0 || i == samples.Count - 1)
                .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.WorkingSet / 1048576.0:F0}/{s.GcHeap / 1048576.0:F1}")));
            return new Memory(load.MessagesPerSecond, Mib(samples.Select(s => s.WorkingSet)), Mib(samples.Select(s => s.GcHeap)), samples.Count, series);
        }

        public override string ToString() => $"working set {WorkingSet} MiB, GC heap {GcHeap} MiB (start/end/max, {Count} samples); every ~10 s WS/GC MiB: {Series}";
    }
}
