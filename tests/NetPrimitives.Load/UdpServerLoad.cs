using System.Globalization;
using System.Net;
using NetPrimitives.Udp;

/// <summary>
/// udp-server: UpperCaseUdpServer or the naive UdpClient loop on 127.0.0.1 in a process of its own, for the udp
/// mode's --server-process placement (its CPU time and allocations are then its own). Prints "LISTENING port";
/// answers each line "ALLOC" on standard input with "ALLOC bytes" (GC.GetTotalAllocatedBytes(precise: true) of
/// this process); exits when standard input closes or after --lifetime seconds, whichever is first.
/// </summary>
internal static class UdpServerLoad
{
    private const string Help = """
        usage: NetPrimitives.Load udp-server [--kind ours|naive] [--loops N] [--batch N] [--lifetime SECONDS]
          --kind      ours (UpperCaseUdpServer) or naive (UdpClient.ReceiveAsync loop). Default ours
          --loops     receive loops of ours. Default: the CPUs this process may use
          --batch     MaxBatchSize of ours (recvmmsg/sendmmsg batches on Linux, 1 = off). Default: the library's default
          --lifetime  exit after this many seconds even if standard input stays open. Default 600
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--help" or "-h"])
        {
            Console.Error.WriteLine(Help);
            return 0;
        }

        var (kind, loops, lifetime) = ("ours", Environment.ProcessorCount, 600);
        int? batch = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--kind" when value is "ours" or "naive": kind = value; break;
                case "--loops": loops = Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 1, 64); break;
                case "--batch": batch = Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 1, 64); break;
                case "--lifetime": lifetime = Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 1, 3600); break;
                default: Console.Error.WriteLine(Help); return 2;
            }
        }

        if (args.Length % 2 != 0)
        {
            Console.Error.WriteLine(Help);
            return 2;
        }

        await using var server = await StartAsync(kind, loops, batch);
        Console.WriteLine($"LISTENING {server.Port}");
        // Standard input on a thread of its own: a blocked read must not hold one of the thread pool's threads,
        // which the naive server runs on (a server pinned to one CPU starts with a pool of one).
        var inputClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() => Answer(inputClosed)) { IsBackground = true, Name = "stdin" }.Start();
        await Task.WhenAny(inputClosed.Task, Task.Delay(TimeSpan.FromSeconds(lifetime)));
        return 0;
    }

    private static void Answer(TaskCompletionSource inputClosed)
    {
        while (Console.In.ReadLine() is { } line)
        {
            if (line.Trim() == "ALLOC")
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ALLOC {GC.GetTotalAllocatedBytes(precise: true)}"));
            }
        }

        inputClosed.TrySetResult();
    }

    private static async Task<TcpServerLoad.RunningServer> StartAsync(string kind, int loops, int? batch)
    {
        if (kind == "naive")
        {
            var naive = new UdpNaiveServer();
            return new TcpServerLoad.RunningServer(naive.LocalEndPoint.Port, naive.DisposeAsync);
        }

        var options = new UpperCaseUdpServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), ReceiveLoops = loops };
        if (batch is { } size)
        {
            options.MaxBatchSize = size;
        }

        var ours = new UpperCaseUdpServer(options);
        await ours.StartAsync();
        return new TcpServerLoad.RunningServer(ours.LocalEndPoint.Port, async () =>
        {
            // On standard error (the harness passes it through): a drop or an error shows up next to the timeouts.
            var stats = ours.GetStatistics();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[udp-server ours, batches of {options.MaxBatchSize}] received {stats.DatagramsReceived}, sent {stats.DatagramsSent}, dropped {stats.DatagramsDropped}, truncated {stats.DatagramsTruncated}, handler errors {stats.HandlerErrors}"));
            await ours.DisposeAsync();
        });
    }
}
