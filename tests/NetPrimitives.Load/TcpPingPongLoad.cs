using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

/// <summary>
/// tcp-pingpong: each of -c clients sends one -s byte message, waits for all of it to come back, and
/// records the round trip, for -z seconds. Reports p50/p99/p99.9 and round trips per second.
/// </summary>
internal static class TcpPingPongLoad
{
    private const int MaxSamplesPerClient = 1_000_000; // bounded memory however fast the loop is

    public static async Task<int> RunAsync(string[] args)
    {
        var options = LoadOptions.Parse(args);
        if (options is null)
        {
            return 2;
        }

        await using var inProcess = options.Port == 0 ? await TcpServerLoad.StartAsync(options.Impl, new IPEndPoint(options.Address, 0)) : null;
        var endPoint = new IPEndPoint(options.Address, inProcess?.Port ?? options.Port);
        var result = await MeasureAsync(endPoint, options.Clients, options.Size, options.Seconds);
        Console.WriteLine(result);
        return result.Errors == 0 ? 0 : 1;
    }

    public static async Task<PingPongResult> MeasureAsync(IPEndPoint endPoint, int clients, int size, int seconds)
    {
        var sockets = new List<Socket>();
        for (var i = 0; i < clients; i++)
        {
            var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(endPoint).WaitAsync(TimeSpan.FromSeconds(10));
            sockets.Add(socket);
        }

        long errors = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        var tasks = sockets.Select(socket => Task.Run(async () =>
        {
            var samples = new List<long>();
            var message = new byte[size];
            var reply = new byte[size];
            try
            {
                while (!stop.IsCancellationRequested && samples.Count < MaxSamplesPerClient)
                {
                    var start = Stopwatch.GetTimestamp();
                    await socket.SendAsync(message, SocketFlags.None, stop.Token);
                    for (var got = 0; got < size;)
                    {
                        var n = await socket.ReceiveAsync(reply.AsMemory(got), SocketFlags.None, stop.Token);
                        got += n > 0 ? n : throw new IOException("the server closed the connection");
                    }

                    samples.Add(Stopwatch.GetTimestamp() - start);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                Interlocked.Increment(ref errors);
            }

            return samples;
        })).ToArray();

        var all = (await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(seconds + 30))).SelectMany(s => s).ToArray();
        var elapsed = clock.Elapsed.TotalSeconds;
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        Array.Sort(all);
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(p * all.Length))] * 1_000_000.0 / Stopwatch.Frequency;
        return new PingPongResult(clients, size, elapsed, all.Length, Percentile(0.50), Percentile(0.99), Percentile(0.999), errors);
    }

    internal sealed record PingPongResult(int Clients, int Size, double Seconds, long RoundTrips, double P50Us, double P99Us, double P999Us, long Errors)
    {
        /// <summary>CPU time the server process used during the measurement (tcp-compare only; 0 otherwise).</summary>
        public double ServerCpuSeconds { get; init; }

        public double PerSecond => RoundTrips / Seconds;

        public override string ToString() =>
            $"tcp-pingpong: {Clients} clients x {Size} B, {Seconds:F1} s: {PerSecond:N0} round trips/s, p50 {P50Us:F0} us, p99 {P99Us:F0} us, p99.9 {P999Us:F0} us, {Errors} errors";
    }
}
