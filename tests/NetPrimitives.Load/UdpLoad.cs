using System.Globalization;

/// <summary>
/// udp mode: request/reply datagrams per second against UpperCaseUdpServer and against a naive UdpClient loop,
/// side by side in one run, with 1, 10 and 100 concurrent senders, plus CPU time and allocations per datagram.
/// Cells alternate (ours, naive, ours, naive, ...) and the median of the rounds is reported, so a burst of other
/// load on a shared machine hits both sides alike. The servers run in this process (default) or each in a
/// process of its own (--server-process, optionally pinned with --server-cpus); see <see cref="UdpLoadCell"/>.
/// </summary>
internal static class UdpLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = UdpLoadOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(UdpLoadOptions.Usage);
            return args.Contains("--help") || args.Contains("-h") ? 0 : 2;
        }

        var client = options.Client switch
        {
            "threads" => "senders on threads with blocking sockets",
            "async" => "senders as async tasks (ValueTask socket calls)",
            _ => $"senders on non-blocking sockets driven by {options.ClientThreads} epoll thread(s)",
        };
        var placement = !options.ServerProcess
            ? "servers and senders in one process"
            : options.ServerCpus is null
                ? "each server in a process of its own"
                : $"each server in a process of its own on CPU(s) {options.ServerCpus}, the senders on CPU(s) {UdpLoadCell.AllowedCpus()}";
        Console.WriteLine($"UDP request/reply, {options.Size}-byte datagrams, {options.Seconds:0.#} s per cell after {options.WarmUpSeconds:0.#} s warm-up, "
            + $"median of {options.Rounds} alternating rounds, {Environment.ProcessorCount} cores for this process, "
            + $"{(options.ReceiveLoops is { } loops ? loops.ToString(CultureInfo.InvariantCulture) : "default")} receive loops, "
            + $"ours with batches of {(options.BatchSize is { } batch ? batch.ToString(CultureInfo.InvariantCulture) : $"{new NetPrimitives.Udp.UpperCaseUdpServerOptions().MaxBatchSize} (default)")}, "
            + $".NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {client}, {placement}");
        Console.WriteLine();
        Console.WriteLine(options.ServerProcess
            ? "| senders | ours (datagrams/s) | naive (datagrams/s) | ratio | ours server CPU µs/datagram | naive server CPU µs/datagram | load generator CPU µs/datagram ours / naive | ours bytes/datagram | naive bytes/datagram | timeouts ours / naive |"
            : "| senders | ours (datagrams/s) | naive (datagrams/s) | ratio | ours CPU µs/datagram | naive CPU µs/datagram | of which senders ours / naive | ours bytes/datagram | naive bytes/datagram | timeouts ours / naive |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var senders in options.Senders)
        {
            var ours = new List<UdpLoadCell>();
            var naive = new List<UdpLoadCell>();
            for (var round = 0; round < options.Rounds; round++)
            {
                if (options.Only != "naive")
                {
                    ours.Add(await UdpLoadCell.MeasureAsync("ours", senders, options));
                }

                if (options.Only != "ours")
                {
                    naive.Add(await UdpLoadCell.MeasureAsync("naive", senders, options));
                }
            }

            if (ours.Count == 0)
            {
                ours.Add(UdpLoadCell.Empty);
            }

            if (naive.Count == 0)
            {
                naive.Add(UdpLoadCell.Empty);
            }

            var (o, n) = (Median(ours), Median(naive));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {senders} | {o.PerSecond:N0} | {n.PerSecond:N0} | {o.PerSecond / Math.Max(1, n.PerSecond):0.00}x | {o.CpuMicroseconds:0.0} | {n.CpuMicroseconds:0.0} | {Senders(o)} / {Senders(n)} | {o.BytesPerDatagram:0.0} | {n.BytesPerDatagram:0.0} | {ours.Sum(c => c.Losses)} / {naive.Sum(c => c.Losses)} |"));
        }

        return 0;
    }

    // Async senders share the thread pool with the naive server in one process: their CPU time cannot be told apart.
    private static string Senders(UdpLoadCell cell) =>
        double.IsNaN(cell.SenderCpuMicroseconds) ? "n/a" : cell.SenderCpuMicroseconds.ToString("0.0", CultureInfo.InvariantCulture);

    // Per column: the median round by throughput, and the median CPU and allocation figures on their own.
    private static UdpLoadCell Median(List<UdpLoadCell> cells)
    {
        static double Mid(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted[sorted.Length / 2];
        }

        return new UdpLoadCell(Mid(cells.Select(c => c.PerSecond)), Mid(cells.Select(c => c.CpuMicroseconds)), Mid(cells.Select(c => c.SenderCpuMicroseconds)), Mid(cells.Select(c => c.BytesPerDatagram)), cells.Sum(c => c.Losses));
    }
}
