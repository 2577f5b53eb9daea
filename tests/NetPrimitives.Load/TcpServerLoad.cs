using System.Diagnostics;
using System.Net;
using NetPrimitives.Tcp;

/// <summary>
/// tcp-server: an echo server (ours, or the naive baseline) in its own process, so its memory and threads are
/// its own. Prints "LISTENING port", then "MEM seconds workingSet gcHeap" every 2 s, and exits when standard
/// input closes or after -z seconds, whichever is first.
/// </summary>
internal static class TcpServerLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = LoadOptions.Parse(args);
        if (options is null)
        {
            return 2;
        }

        await using var server = await StartAsync(options.Impl, new IPEndPoint(options.Address, options.Port), options.Tls);
        Console.WriteLine($"LISTENING {server.Port}");

        using var lifetime = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
        var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
        var clock = Stopwatch.StartNew();
        while (!lifetime.IsCancellationRequested && !stdinClosed.IsCompleted)
        {
            Console.WriteLine($"MEM {clock.Elapsed.TotalSeconds:F1} {Environment.WorkingSet} {GC.GetTotalMemory(false)}");
            await Task.WhenAny(Task.Delay(2000, lifetime.Token), stdinClosed).ContinueWith(_ => { });
        }

        return 0;
    }

    /// <summary>Starts the chosen server on <paramref name="endPoint"/>; also used in-process by -p 0.</summary>
    public static async Task<RunningServer> StartAsync(string impl, IPEndPoint endPoint, bool tls = false)
    {
        if (impl == "saea")
        {
            var rival = new SaeaEchoServer(endPoint);
            return new RunningServer(rival.LocalEndPoint.Port, () => { rival.Dispose(); return ValueTask.CompletedTask; });
        }

        if (impl == "naive")
        {
            var naive = new NaiveEchoServer(endPoint);
            return new RunningServer(naive.LocalEndPoint.Port, () => { naive.Dispose(); return ValueTask.CompletedTask; });
        }

        var server = new EchoServer(new EchoServerOptions
        {
            EndPoint = endPoint,
            Tls = tls ? new System.Net.Security.SslServerAuthenticationOptions { ServerCertificate = TlsEchoLoad.SelfSigned() } : null,
        });
        await server.StartAsync();
        return new RunningServer(server.LocalEndPoint.Port, server.DisposeAsync);
    }

    internal sealed class RunningServer(int port, Func<ValueTask> stop) : IAsyncDisposable
    {
        public int Port { get; } = port;

        public ValueTask DisposeAsync() => stop();
    }
}
