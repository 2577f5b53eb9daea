using System.Diagnostics;
using System.Globalization;
using System.Net;
using NetPrimitives.Udp;

/// <summary>
/// udp mode: request/reply datagrams per second against UpperCaseUdpServer and against a naive UdpClient loop,
/// side by side in one run, with 1, 10 and 100 concurrent senders, plus process CPU time and allocations per
/// datagram. Cells alternate (ours, naive, ours, naive, ...) and the median of the rounds is reported, so a
/// burst of other load on a shared machine hits both sides alike.
/// </summary>
internal static class UdpLoad
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = UdpLoadOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("Usage: NetPrimitives.Load udp [--seconds 5] [--senders 1,10,100] [--size 32] [--client threads|async] [--loops N] [--rounds 3] [--max-requests N] [--only ours|naive|both]");
            return 2;
        }

        Console.WriteLine($"UDP request/reply, {options.Size}-byte datagrams, {options.Seconds:0.#} s per cell after {WarmUp.TotalSeconds:0} s warm-up, "
            + $"median of {options.Rounds} alternating rounds, {Environment.ProcessorCount} cores, {options.ReceiveLoops} receive loops, "
            + $".NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}, "
            + (options.ThreadSenders ? "senders on threads with blocking sockets" : "senders as async tasks (ValueTask socket calls)"));
        Console.WriteLine();
        Console.WriteLine("| senders | ours (datagrams/s) | naive (datagrams/s) | ratio | ours CPU µs/datagram | naive CPU µs/datagram | of which senders ours / naive | ours bytes/datagram | naive bytes/datagram | timeouts ours / naive |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var senders in options.Senders)
        {
            var ours = new List<Cell>();
            var naive = new List<Cell>();
            for (var round = 0; round < options.Rounds; round++)
            {
                if (options.Only != "naive")
                {
                    ours.Add(await MeasureOursAsync(senders, options));
                }

                if (options.Only != "ours")
                {
                    await using var server = new UdpNaiveServer();
                    naive.Add(await MeasureAsync(server.LocalEndPoint, senders, options));
                }
            }

            if (ours.Count == 0)
            {
                ours.Add(Cell.Empty);
            }

            if (naive.Count == 0)
            {
                naive.Add(Cell.Empty);
            }

            var (o, n) = (Median(ours), Median(naive));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {senders} | {o.PerSecond:N0} | {n.PerSecond:N0} | {o.PerSecond / Math.Max(1, n.PerSecond):0.00}x | {o.CpuMicroseconds:0.0} | {n.CpuMicroseconds:0.0} | {Senders(o)} / {Senders(n)} | {o.BytesPerDatagram:0.0} | {n.BytesPerDatagram:0.0} | {ours.Sum(c => c.Losses)} / {naive.Sum(c => c.Losses)} |"));
        }

        return 0;
    }

    private static async Task<Cell> MeasureOursAsync(int senders, UdpLoadOptions options)
    {
        var serverOptions = new UpperCaseUdpServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), ReceiveLoops = options.ReceiveLoops };
        await using var server = new UpperCaseUdpServer(serverOptions);
        await server.StartAsync();
        return await MeasureAsync(server.LocalEndPoint, senders, options);
    }

    // Only thread senders run on threads of their own; async senders share the thread pool with the naive server.
    private static string Senders(Cell cell) =>
        double.IsNaN(cell.SenderCpuMicroseconds) ? "n/a" : cell.SenderCpuMicroseconds.ToString("0.0", CultureInfo.InvariantCulture);

    private static async Task<Cell> MeasureAsync(IPEndPoint server, int senderCount, UdpLoadOptions options)
    {
        var senders = Enumerable.Range(0, senderCount).Select(_ => new UdpLoadSender(server, options.Size)).ToArray();
        var running = true;
        var budget = options.MaxRequestsPerCell;
        bool Running() => Volatile.Read(ref running);
        bool TakeBudget() => Interlocked.Decrement(ref budget) >= 0;
        var tasks = senders.Select(s => options.ThreadSenders
            ? ThreadCpu.RunSenderThread(() => s.Run(Running, TakeBudget))
            : Task.Run(() => s.RunAsync(Running, TakeBudget))).ToArray();
        try
        {
            await Task.Delay(WarmUp);
            using var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var senderCpu0 = options.ThreadSenders ? ThreadCpu.SenderMicroseconds() : double.NaN;
            var (replies0, losses0) = Sum(senders);
            var bytes0 = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
            var (replies1, losses1) = Sum(senders);
            var bytes1 = GC.GetTotalAllocatedBytes(precise: true);
            var elapsed = clock.Elapsed.TotalSeconds;
            var senderCpu = options.ThreadSenders ? ThreadCpu.SenderMicroseconds() - senderCpu0 : double.NaN;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpu0).TotalMicroseconds;
            var replies = replies1 - replies0;
            return replies == 0
                ? new Cell(0, double.NaN, double.NaN, double.NaN, losses1 - losses0)
                : new Cell(replies / elapsed, cpu / replies, senderCpu / replies, (double)(bytes1 - bytes0) / replies, losses1 - losses0);
        }
        finally
        {
            Volatile.Write(ref running, false);
            // Each sender ends within one loss timeout; never wait forever.
            await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10));
            foreach (var sender in senders)
            {
                sender.Dispose();
            }
        }
    }

    private static (long Replies, long Losses) Sum(UdpLoadSender[] senders) =>
        (senders.Sum(s => Interlocked.Read(ref s.Replies)), senders.Sum(s => Interlocked.Read(ref s.Losses)));

    // Per column: the median round by throughput, and the median CPU and allocation figures on their own.
    private static Cell Median(List<Cell> cells)
    {
        static double Mid(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted[sorted.Length / 2];
        }

        return new Cell(Mid(cells.Select(c => c.PerSecond)), Mid(cells.Select(c => c.CpuMicroseconds)), Mid(cells.Select(c => c.SenderCpuMicroseconds)), Mid(cells.Select(c => c.BytesPerDatagram)), cells.Sum(c => c.Losses));
    }

    private readonly record struct Cell(double PerSecond, double CpuMicroseconds, double SenderCpuMicroseconds, double BytesPerDatagram, long Losses)
    {
        /// <summary>A side left out with --only.</summary>
        public static Cell Empty => new(double.NaN, double.NaN, double.NaN, double.NaN, 0);
    }
}
