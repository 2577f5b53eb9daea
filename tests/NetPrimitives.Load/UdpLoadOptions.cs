using System.Globalization;

/// <summary>Command line of the udp mode.</summary>
internal sealed record UdpLoadOptions(double Seconds, int[] Senders, int Size, long MaxRequestsPerCell, string Client, int? ReceiveLoops, int Rounds, string Only = "both")
{
    public const string Usage = """
        usage: NetPrimitives.Load udp [options]
          --seconds S         measured seconds per cell. Default 5
          --warmup S          load before each cell's measurement, not counted. Default 1
          --senders LIST      concurrent senders, one cell each. Default 1,10,100
          --size N            datagram size in bytes. Default 32
          --rounds N          alternate ours / naive N times per cell, report the median. Default 3
          --client KIND       the load generator, the same for both servers. Default threads
                                threads: a thread per sender, blocking Send, Poll, Receive
                                async:   a task per sender, Socket.SendAsync/ReceiveAsync
                                epoll:   non-blocking sockets on a few threads with one epoll each (Linux)
          --client-threads N  epoll: generator threads, each owning a share of the sockets. Default 1
          --loops N           receive loops of ours. Default: the server process's CPU count
          --batch N           ours: DatagramServerOptions.MaxBatchSize, datagrams per recvmmsg and replies per
                              sendmmsg (Linux; 1 = one recvfrom and one sendto per datagram). Default: the
                              library's default
          --server-process    run each server in a process of its own (udp-server mode): its CPU time and
                              allocations are then measured alone
          --server-cpus LIST  with --server-process: pin each server with `taskset -c LIST` (e.g. 0); run the
                              harness itself on the other CPUs (e.g. `taskset -c 1 dotnet ...`)
          --only ours|naive   one side only (for profiling). Default both
          --max-requests N    request budget per cell (a bound: the run stops by itself). Default 50000000
        """;

    public double WarmUpSeconds { get; init; } = 1;

    public int ClientThreads { get; init; } = 1;

    /// <summary>--batch: MaxBatchSize of ours, or null for the library's default.</summary>
    public int? BatchSize { get; init; }

    public bool ServerProcess { get; init; }

    public string? ServerCpus { get; init; }

    public bool ThreadSenders => Client == "threads";

    public static UdpLoadOptions? Parse(string[] args)
    {
        var options = new UdpLoadOptions(5, [1, 10, 100], 32, 50_000_000, "threads", ReceiveLoops: null, Rounds: 3);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--help" or "-h")
            {
                return null;
            }

            if (args[i] == "--server-process")
            {
                options = options with { ServerProcess = true };
                continue;
            }

            if (i + 1 == args.Length)
            {
                Console.Error.WriteLine($"{args[i]} needs a value");
                return null;
            }

            var value = args[++i];
            options = args[i - 1] switch
            {
                "--seconds" => options with { Seconds = Math.Clamp(double.Parse(value, CultureInfo.InvariantCulture), 0.5, 60) },
                "--warmup" => options with { WarmUpSeconds = Math.Clamp(double.Parse(value, CultureInfo.InvariantCulture), 0, 30) },
                "--senders" => options with { Senders = value.Split(',').Select(s => Math.Clamp(int.Parse(s, CultureInfo.InvariantCulture), 1, 1000)).ToArray() },
                "--size" => options with { Size = Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 1, 8192) },
                "--client" when value is "threads" or "async" or "epoll" => options with { Client = value },
                "--client-threads" => options with { ClientThreads = Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 1, 64) },
                "--batch" => options with { BatchSize = Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 1, 64) },
                "--loops" => options with { ReceiveLoops = Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 1, 64) },
                "--rounds" => options with { Rounds = Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 1, 9) },
                "--only" when value is "ours" or "naive" or "both" => options with { Only = value },
                "--max-requests" => options with { MaxRequestsPerCell = long.Parse(value, CultureInfo.InvariantCulture) },
                "--server-cpus" when value.Length > 0 && value.All(c => char.IsAsciiDigit(c) || c is ',' or '-') => options with { ServerCpus = value },
                _ => null!,
            };
            if (options is null)
            {
                Console.Error.WriteLine($"Unknown option or value: {args[i - 1]} {value}");
                return null;
            }
        }

        if (options.ServerCpus is not null && !options.ServerProcess)
        {
            Console.Error.WriteLine("--server-cpus needs --server-process");
            return null;
        }

        return options;
    }
}
