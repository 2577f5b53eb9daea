using System.Diagnostics;
using System.Globalization;
using System.Net;
using NetPrimitives.Udp;

/// <summary>
/// One measured cell of the udp mode: one server, a fresh load generator with N senders, a warm-up and then the
/// measured seconds. With the server in this process, CPU is the process's (server + senders) and allocations the
/// process's (the generators allocate nothing per request, so they are the server's); <see cref="SenderCpuMicroseconds"/>
/// is the CPU of the generator's named threads. With the server in a process of its own, CPU and allocations are the
/// server process's alone and <see cref="SenderCpuMicroseconds"/> is this whole process's CPU (the load generator's).
/// </summary>
internal readonly record struct UdpLoadCell(double PerSecond, double CpuMicroseconds, double SenderCpuMicroseconds, double BytesPerDatagram, long Losses)
{
    /// <summary>A side left out with --only.</summary>
    public static UdpLoadCell Empty => new(double.NaN, double.NaN, double.NaN, double.NaN, 0);

    /// <summary>
    /// The part of <see cref="CpuMicroseconds"/> spent in user mode (our code, the runtime), with the server in a process
    /// of its own; the rest is the kernel's (system calls, the UDP stack). NaN otherwise.
    /// </summary>
    public double UserCpuMicroseconds { get; init; } = double.NaN;

    public static async Task<UdpLoadCell> MeasureAsync(string kind, int senders, UdpLoadOptions options)
    {
        if (options.ServerProcess)
        {
            List<string> arguments = ["udp-server", "--kind", kind, "--lifetime", ((int)(options.WarmUpSeconds + options.Seconds) + 60).ToString(CultureInfo.InvariantCulture)];
            if (options.ReceiveLoops is { } loops)
            {
                arguments.AddRange(["--loops", loops.ToString(CultureInfo.InvariantCulture)]);
            }

            if (options.BatchSize is { } batch)
            {
                arguments.AddRange(["--batch", batch.ToString(CultureInfo.InvariantCulture)]);
            }

            await using var process = await ServerProcess.StartAsync(arguments, options.ServerCpus);
            var cell = await MeasureAsync(new IPEndPoint(IPAddress.Loopback, process.Port), senders, options, process);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{kind}, {senders} senders, server pid {process.Pid}] {cell.PerSecond:N0}/s, server {cell.CpuMicroseconds:0.0} µs (user {cell.UserCpuMicroseconds:0.00}) and {cell.BytesPerDatagram:0.0} B per datagram, generator {cell.SenderCpuMicroseconds:0.0} µs, {cell.Losses} timeouts"));
            return cell;
        }

        if (kind == "naive")
        {
            await using var naive = new UdpNaiveServer();
            return await MeasureAsync(naive.LocalEndPoint, senders, options, null);
        }

        var serverOptions = new UpperCaseUdpServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), ReceiveLoops = options.ReceiveLoops ?? Environment.ProcessorCount };
        if (options.BatchSize is { } batchSize)
        {
            serverOptions.MaxBatchSize = batchSize;
        }

        await using var ours = new UpperCaseUdpServer(serverOptions);
        await ours.StartAsync();
        return await MeasureAsync(ours.LocalEndPoint, senders, options, null);
    }

    private static async Task<UdpLoadCell> MeasureAsync(IPEndPoint endPoint, int senderCount, UdpLoadOptions options, ServerProcess? server)
    {
        using var client = UdpLoadClient.Create(endPoint, senderCount, options);
        var running = true;
        var budget = options.MaxRequestsPerCell;
        bool Running() => Volatile.Read(ref running);
        bool TakeBudget() => Interlocked.Decrement(ref budget) >= 0;
        var sending = client.RunAsync(Running, TakeBudget);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.WarmUpSeconds));
            using var self = Process.GetCurrentProcess();
            var cpu0 = server?.CpuTime ?? self.TotalProcessorTime;
            var userCpu0 = server?.UserCpuTime ?? TimeSpan.Zero;
            var senderCpu0 = SenderCpu(client, server, self);
            var bytes0 = await AllocatedAsync(server);
            var (replies0, losses0) = client.Counts();
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
            var (replies1, losses1) = client.Counts();
            var elapsed = clock.Elapsed.TotalSeconds;
            var bytes1 = await AllocatedAsync(server);
            self.Refresh();
            var senderCpu = SenderCpu(client, server, self) - senderCpu0;
            var cpu = ((server?.CpuTime ?? self.TotalProcessorTime) - cpu0).TotalMicroseconds;
            var userCpu = server is null ? double.NaN : (server.UserCpuTime - userCpu0).TotalMicroseconds;
            var replies = replies1 - replies0;
            return replies == 0
                ? new UdpLoadCell(0, double.NaN, double.NaN, double.NaN, losses1 - losses0)
                : new UdpLoadCell(replies / elapsed, cpu / replies, senderCpu / replies, (double)(bytes1 - bytes0) / replies, losses1 - losses0) { UserCpuMicroseconds = userCpu / replies };
        }
        finally
        {
            Volatile.Write(ref running, false);
            // Each sender ends within one loss timeout; never wait forever.
            await sending.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    // The load generator's CPU time in µs: its named threads when it shares the process with the server, else this whole process.
    private static double SenderCpu(IUdpLoadClient client, ServerProcess? server, Process self) =>
        server is not null ? self.TotalProcessorTime.TotalMicroseconds
        : client.NamedThreads ? ThreadCpu.SenderMicroseconds()
        : double.NaN;

    private static async Task<long> AllocatedAsync(ServerProcess? server) =>
        server is null ? GC.GetTotalAllocatedBytes(precise: true) : long.Parse(await server.AskAsync("ALLOC"), CultureInfo.InvariantCulture);

    // The CPUs this process may run on (Linux: /proc/self/status), to show where the load generator ran.
    public static string AllowedCpus() =>
        File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?"
            : "?";
}
