using System.Diagnostics;
using System.Net;
using NetPrimitives.Names;

namespace NetPrimitives.DnsLoad;

internal static class Bench
{
    public static async Task WaitReadyAsync(IPEndPoint server)
    {
        await using var probe = new DnsStubClient(server, new DnsStubClientOptions { AttemptTimeout = TimeSpan.FromMilliseconds(200), Attempts = 1 });
        for (var i = 0; i < 100; i++)
        {
            try
            {
                await probe.QueryAsync(Dnsmasq.Name(0), DnsRecordType.A);
                return;
            }
            catch (HostResolutionException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"dnsmasq did not answer on {server}");
    }

    /// <summary>Runs <paramref name="lookup"/> over the names with at most <paramref name="concurrency"/> in flight, stopping at the time limit.</summary>
    public static async Task<double> ThroughputAsync(int concurrency, string[] names, TimeSpan limit, Func<string, CancellationToken, Task<int>> lookup)
    {
        using var stop = new CancellationTokenSource(limit);
        var next = -1;
        var done = 0;
        var failed = 0;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while (!stop.IsCancellationRequested && (i = Interlocked.Increment(ref next)) < names.Length)
            {
                try
                {
                    if (await lookup(names[i], stop.Token) > 0)
                    {
                        Interlocked.Increment(ref done);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = watch.Elapsed.TotalSeconds;
        if (failed > 0 || done < names.Length)
        {
            Console.Error.WriteLine($"   ({names.Length - done} of {names.Length} lookups not done: {failed} failed, the rest cut by the time limit)");
        }

        return done / elapsed;
    }

    public static async Task<double> BatchAsync(HostResolver resolver, string[] names, TimeSpan limit)
    {
        using var stop = new CancellationTokenSource(limit);
        var done = 0;
        var watch = Stopwatch.StartNew();
        try
        {
            await foreach (var r in resolver.ResolveManyAsync(names, AddressFamilyPreference.InterNetwork, stop.Token))
            {
                done += r.Succeeded ? 1 : 0;
            }
        }
        catch (OperationCanceledException)
        {
            // Time limit reached: report what was done.
        }

        return done / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Starts a lookup that cannot finish, cancels it after 200 ms and measures how long the call takes to end.</summary>
    public static async Task CancellationAsync(string what, Func<CancellationToken, Task> lookup, int runs = 10)
    {
        var latencies = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            using var cts = new CancellationTokenSource();
            var task = lookup(cts.Token);
            await Task.Delay(200);
            var watch = Stopwatch.StartNew();
            cts.Cancel();
            try
            {
                await task.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                Console.WriteLine($"| {what} | did not end within 30 s | |");
                return;
            }
            catch (Exception)
            {
                // OperationCanceledException (or the resolver's own failure): the call has ended.
            }

            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }

        latencies.Sort();
        Console.WriteLine($"| {what} | {latencies[latencies.Count / 2]:F1} | {latencies[^1]:F1} |{(runs < 10 ? $" ({runs} runs)" : "")}");
    }
}

/// <summary>Reads /etc/resolv.conf: the OS resolver may be benchmarked only if every nameserver is loopback.</summary>
internal static class ResolvConf
{
    public static bool OnlyLoopback()
    {
        var servers = File.ReadAllLines("/etc/resolv.conf")
            .Select(l => l.Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 2 && f[0] == "nameserver")
            .Select(f => IPAddress.TryParse(f[1], out var a) ? a : IPAddress.None)
            .ToArray();
        return servers.Length > 0 && servers.All(IPAddress.IsLoopback);
    }
}
