using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

/// <summary>
/// tcp-echo: NetCoreServer's TcpEchoClient. Each of -c clients sends -m messages of -s bytes at once, then
/// sends back every byte it receives, so -m messages stay in flight; after -z seconds, throughput is the bytes
/// echoed divided by the time. Clients are plain sockets, neutral to the server under test.
/// </summary>
internal static class TcpEchoLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = LoadOptions.Parse(args);
        if (options is null)
        {
            return 2;
        }

        await using var inProcess = options.Port == 0 ? await TcpServerLoad.StartAsync(options.Impl, new IPEndPoint(options.Address, 0)) : null;
        var endPoint = new IPEndPoint(options.Address, inProcess?.Port ?? options.Port);
        var result = await MeasureAsync(endPoint, options.Clients, options.Messages, options.Size, options.Seconds);
        Console.WriteLine(result);
        return result.Errors == 0 ? 0 : 1;
    }

    public static async Task<EchoResult> MeasureAsync(IPEndPoint endPoint, int clients, int inFlight, int size, int seconds)
    {
        var sockets = new List<Socket>();
        for (var i = 0; i < clients; i++)
        {
            var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(endPoint).WaitAsync(TimeSpan.FromSeconds(10));
            sockets.Add(socket);
        }

        long bytes = 0, errors = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        var tasks = sockets.Select(socket => Task.Run(async () =>
        {
            var received = new byte[64 * 1024];
            try
            {
                await socket.SendAsync(new byte[inFlight * size], SocketFlags.None, stop.Token);
                while (!stop.IsCancellationRequested)
                {
                    var n = await socket.ReceiveAsync(received, SocketFlags.None, stop.Token);
                    if (n == 0)
                    {
                        throw new IOException("the server closed the connection");
                    }

                    Interlocked.Add(ref bytes, n);
                    await socket.SendAsync(received.AsMemory(0, n), SocketFlags.None, stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                Interlocked.Increment(ref errors);
            }
        })).ToArray();

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(seconds + 30));
        var elapsed = clock.Elapsed.TotalSeconds;
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        return new EchoResult(clients, inFlight, size, elapsed, Interlocked.Read(ref bytes), errors);
    }

    internal sealed record EchoResult(int Clients, int InFlight, int Size, double Seconds, long Bytes, long Errors)
    {
        /// <summary>CPU time the server process used during the measurement (tcp-compare only; 0 otherwise).</summary>
        public double ServerCpuSeconds { get; init; }

        /// <summary>CPU time of the load clients (the harness process) during the measurement.</summary>
        public double ClientCpuSeconds { get; init; }

        public double MessagesPerSecond => Bytes / (double)Size / Seconds;

        public double MiBPerSecond => Bytes / 1048576.0 / Seconds;

        public override string ToString() =>
            $"tcp-echo: {Clients} clients x {InFlight} in flight x {Size} B, {Seconds:F1} s: {MessagesPerSecond:N0} msg/s, {MiBPerSecond:F1} MiB/s, {Errors} errors";
    }
}
