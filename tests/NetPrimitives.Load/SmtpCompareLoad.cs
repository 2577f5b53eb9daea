using System.Diagnostics;
using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using NetPrimitives.Smtp;

/// <summary>
/// smtp: SmtpClientRaw against MailKit's SmtpClient, the client a .NET user would pick, sending the same message
/// (built once by MimeKit and serialized once, so both put the same bytes on the wire) to the same kind of sink.
/// The sink runs in its own process (this program's smtp-sink mode), a fresh one per measurement, optionally pinned
/// with taskset, so the clients share neither its CPU nor its GC. Cells: 1 connection and --connections N, each
/// --messages messages in all; clients alternate within each round; medians of --rounds are reported, with the
/// client's CPU time per message and the round trips per message the sink counted (reply flushes). SmtpClientRaw runs
/// twice: one SendMailAsync per message (as MailKit's SendAsync), and SendBatchAsync (each message's data pipelined
/// with the next envelope).
/// </summary>
internal static class SmtpCompareLoad
{
    private const string Help = """
          --messages N     messages per cell (all connections together). Default 10000
          --connections N  the second cell's connection count (the first is 1). Default 10
          --rounds N       alternating rounds; medians reported. Default 3
          --warmup N       messages each client sends once before the first round, not counted. Default 2000
          --server-cpus L  run the sink under `taskset -c L` (e.g. 0); start this harness under taskset with the others
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        int messages = 10_000, connections = 10, rounds = 3, warmup = 2000;
        string? serverCpus = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            int Int() => int.TryParse(value, out var n) && n > 0 ? n : throw new ArgumentException($"{args[i]} needs a positive number");
            switch (args[i])
            {
                case "--messages": messages = Int(); i++; break;
                case "--connections": connections = Int(); i++; break;
                case "--rounds": rounds = Int(); i++; break;
                case "--warmup": warmup = Int(); i++; break;
                case "--server-cpus": serverCpus = value ?? throw new ArgumentException("--server-cpus needs a CPU list"); i++; break;
                default:
                    Console.Error.WriteLine(Help);
                    return args[i] is "--help" or "-h" ? 0 : 2;
            }
        }

        var message = BuildMessage();
        var wire = Serialize(message);
        Console.Error.WriteLine($"message: {wire.Length} bytes as MimeKit serializes it; both clients send these bytes");
        var clients = new (string Name, Func<int, int, Task> Send)[]
        {
            ("SmtpClientRaw", (port, count) => SendRawAsync(port, count, wire)),
            ("SmtpClientRaw SendBatchAsync", (port, count) => SendBatchAsync(port, count, wire)),
            ("MailKit SmtpClient", (port, count) => SendMailKitAsync(port, count, message)),
        };

        // Warm-up: the JIT tiers up each client's hot path before anything is counted.
        foreach (var (name, send) in clients)
        {
            await using var sink = await ServerProcess.StartAsync(["smtp-sink"], serverCpus);
            await send(sink.Port, warmup);
            Console.Error.WriteLine($"warm-up {name}: {warmup} messages");
        }

        int[] cells = connections == 1 ? [1] : [1, connections];
        var results = new Dictionary<(string, int), List<Cell>>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var cellConnections in cells)
            {
                foreach (var (name, send) in round % 2 == 1 ? clients : clients.Reverse())
                {
                    var cell = await MeasureAsync(send, cellConnections, messages, serverCpus);
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"[round {round}, {cellConnections} conn, {name}] {cell.PerSecond:N0} msg/s, client CPU {cell.ClientCpuUs:F1} us/msg, sink CPU {cell.SinkCpuUs:F1} us/msg, {cell.RoundTrips:F2} round trips/msg"));
                    (results.TryGetValue((name, cellConnections), out var list) ? list : results[(name, cellConnections)] = []).Add(cell);
                }
            }
        }

        Console.WriteLine($"{messages:N0} messages per cell, {wire.Length} B each, sink in its own process{(serverCpus is null ? string.Empty : $" on CPU(s) {serverCpus}")}, median of {rounds} alternating rounds");
        Console.WriteLine();
        Console.WriteLine("| connections | client | messages/s | client CPU us/msg | sink CPU us/msg | round trips/msg | vs MailKit |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
        foreach (var cellConnections in cells)
        {
            var rival = Median(results[("MailKit SmtpClient", cellConnections)]);
            foreach (var (name, _) in clients)
            {
                var cell = Median(results[(name, cellConnections)]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {cellConnections} | {name} | {cell.PerSecond:N0} | {cell.ClientCpuUs:F1} | {cell.SinkCpuUs:F1} | {cell.RoundTrips:F2} | {cell.PerSecond / rival.PerSecond:F2}x |"));
            }
        }

        return 0;
    }

    private static Cell Median(List<Cell> cells) => cells.OrderBy(c => c.PerSecond).ElementAt(cells.Count / 2);

    private static async Task<Cell> MeasureAsync(Func<int, int, Task> send, int connections, int messages, string? serverCpus)
    {
        await using var sink = await ServerProcess.StartAsync(["smtp-sink"], serverCpus);
        var sinkCpu = sink.CpuTime;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var perConnection = messages / connections;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(() => send(sink.Port, perConnection))))
            .WaitAsync(TimeSpan.FromMinutes(5));
        var elapsed = clock.Elapsed.TotalSeconds;
        var sent = perConnection * connections;
        var clientUs = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalMicroseconds / sent;
        var sinkUs = (sink.CpuTime - sinkCpu).TotalMicroseconds / sent;
        var stats = (await sink.AskAsync("STATS")).Split(' ').Select(long.Parse).ToArray();
        if (stats[0] != sent)
        {
            throw new InvalidOperationException($"the sink counted {stats[0]} messages, the client sent {sent}");
        }

        return new Cell(sent / elapsed, clientUs, sinkUs, (double)stats[1] / stats[0]);
    }

    private static MimeMessage BuildMessage()
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Bench", "a@example.org"));
        message.To.Add(new MailboxAddress("Sink", "b@example.org"));
        message.Subject = "bench";
        message.Body = new TextPart("plain") { Text = "A small message.\r\n" };
        return message;
    }

    private static byte[] Serialize(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(FormatOptions.Default, stream);
        return stream.ToArray();
    }

    private static async Task SendRawAsync(int port, int count, byte[] wire)
    {
        await using var client = await SmtpClientRaw.ConnectAsync("127.0.0.1", port, new SmtpClientRawOptions { LocalDomain = "bench.local" });
        for (var i = 0; i < count; i++)
        {
            await client.SendMailAsync("a@example.org", ["b@example.org"], wire);
        }

        await client.QuitAsync();
    }

    private static async Task SendBatchAsync(int port, int count, byte[] wire)
    {
        await using var client = await SmtpClientRaw.ConnectAsync("127.0.0.1", port, new SmtpClientRawOptions { LocalDomain = "bench.local" });
        var message = new SmtpOutgoingMessage("a@example.org", ["b@example.org"], wire);
        await foreach (var result in client.SendBatchAsync(Enumerable.Repeat(message, count)))
        {
            if (!result.Accepted)
            {
                throw new InvalidOperationException($"message {result.Index} refused: {result.Error!.Message}");
            }
        }

        await client.QuitAsync();
    }

    private static async Task SendMailKitAsync(int port, int count, MimeMessage message)
    {
        using var client = new SmtpClient { LocalDomain = "bench.local" };
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        for (var i = 0; i < count; i++)
        {
            await client.SendAsync(message);
        }

        await client.DisconnectAsync(quit: true);
    }

    private readonly record struct Cell(double PerSecond, double ClientCpuUs, double SinkCpuUs, double RoundTrips);
}
