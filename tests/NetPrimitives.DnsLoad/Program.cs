// DNS load harness: the stub client against a local dnsmasq at concurrency 1, 16 and 256, System.Net.Dns on the
// same names (sequential and parallel) when the OS resolver points at that dnsmasq, and cancellation latency.
// Every phase is bounded by the name count and by --seconds. Use run.sh (a private network namespace).
// --rival: instead, DnsStubClient and HostResolver side by side with DnsClient.NET's LookupClient (no cache, the same
// attempt timeout and retries) at 1, 64 and 256 lookups in flight, alternating in each round, with ratios.
using System.Net;
using System.Net.Sockets;
using NetPrimitives.DnsLoad;
using NetPrimitives.Names;

var names = 10_000;
var seconds = 30;
var rounds = 3;
var warmupRounds = 0; // --warmup N: rounds of every row run first and not counted (the JIT's tiers settle: a row of 10,000 names lasts under a second)
var inNamespace = false;
var outstanding = new DnsStubClientOptions().MaxConcurrentQueries;
var stubOnly = false; // --stub-only: just the DnsStubClient rows (for profiling it)
string? only = null; // --only PREFIX: just the rows whose name starts with PREFIX (for profiling one of them, e.g. HostResolver)
var rival = false; // --rival: side by side with DnsClient.NET
var levels = new[] { 1, 64, 256 }; // --levels 1,64: the in-flight counts of --rival
var fixedWindow = false; // --fixed-window: with --rival, also DnsStubClient with AdaptiveConcurrency off
string? serverCpus = null; // --server-cpus LIST: dnsmasq pinned there; start run.sh under taskset -c with the other cores
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--names": names = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--seconds": seconds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--namespace": inNamespace = true; break;
        case "--rounds": rounds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--warmup": warmupRounds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--stub-only": stubOnly = true; break;
        case "--only": only = args[++i]; break;
        case "--rival": rival = true; break;
        case "--server-cpus": serverCpus = args[++i]; break;
        case "--levels": levels = args[++i].Split(',').Select(x => int.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray(); break;
        case "--fixed-window": fixedWindow = true; break;
        case "--outstanding": outstanding = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

// System.Net.Dns may only be measured when the OS resolver can reach nothing but loopback (run.sh's namespace).
var osResolverIsLocal = inNamespace && ResolvConf.OnlyLoopback();
using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
using var dnsmasq = new Dnsmasq(osResolverIsLocal ? 53 : Dnsmasq.FreePort(), names, ((IPEndPoint)silent.LocalEndPoint!).Port, serverCpus);
var all = Enumerable.Range(0, names).Select(Dnsmasq.Name).ToArray();
var limit = TimeSpan.FromSeconds(seconds);
await Bench.WaitReadyAsync(dnsmasq.EndPoint);

Console.WriteLine($"{names} names, stub client MaxConcurrentQueries={outstanding}, dnsmasq on {dnsmasq.EndPoint}, {Environment.ProcessorCount} cores ({(serverCpus is null ? "dnsmasq and clients share them" : $"dnsmasq on CPU(s) {serverCpus}, clients on CPU(s) {File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?.Split(':')[1].Trim()}")}), .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
using var sent = new QueryCounter();
await using var client = new DnsStubClient(dnsmasq.EndPoint, new DnsStubClientOptions { AttemptTimeout = TimeSpan.FromSeconds(2), Attempts = 2, MaxConcurrentQueries = outstanding });
var resolver = new HostResolver(new HostResolverOptions { DnsServer = dnsmasq.EndPoint, BatchConcurrency = 256, DnsClientOptions = new DnsStubClientOptions { MaxConcurrentQueries = outstanding } });
Func<string, CancellationToken, Task<int>> stubLookup = async (n, ct) => (await client.QueryAsync(n, DnsRecordType.A, ct)).Answers.Count;
Func<string, CancellationToken, Task<int>> osLookup = async (n, _) => (await Dns.GetHostAddressesAsync(n, AddressFamily.InterNetwork)).Length;
var runs = new List<(string What, int Concurrency, Func<Task<double>> Run)>
{
    ("raw UDP queries, no client library (the server's ceiling)", 64, () => RawCeiling.RunAsync(dnsmasq.EndPoint, all, 64, limit)),
    ("raw UDP queries, no client library (the server's ceiling)", 256, () => RawCeiling.RunAsync(dnsmasq.EndPoint, all, 256, limit)),
    ("DnsStubClient", 1, () => Bench.ThroughputAsync(1, all, limit, stubLookup)),
    ("DnsStubClient", 16, () => Bench.ThroughputAsync(16, all, limit, stubLookup)),
    ("DnsStubClient", 256, () => Bench.ThroughputAsync(256, all, limit, stubLookup)),
    ("HostResolver.ResolveManyAsync (stub client)", 256, () => Bench.BatchAsync(resolver, all, limit)),
};
if (osResolverIsLocal)
{
    runs.Add(("System.Net.Dns.GetHostAddressesAsync", 1, () => Bench.ThroughputAsync(1, all, limit, osLookup)));
    runs.Add(("System.Net.Dns.GetHostAddressesAsync", 256, () => Bench.ThroughputAsync(256, all, limit, osLookup)));
}

if (rival)
{
    var lookupClient = new DnsClient.LookupClient(new DnsClient.LookupClientOptions(new DnsClient.NameServer(dnsmasq.EndPoint))
    {
        UseCache = false, Timeout = TimeSpan.FromSeconds(2), Retries = 1, UseTcpFallback = true, ContinueOnDnsError = false,
    });
    Func<string, CancellationToken, Task<int>> rivalLookup = async (n, ct) =>
        (await lookupClient.QueryAsync(n, DnsClient.QueryType.A, DnsClient.QueryClass.IN, ct)).Answers.OfType<DnsClient.Protocol.ARecord>().Count();
    Func<string, CancellationToken, Task<int>> resolverLookup = async (n, ct) => (await resolver.GetHostByNameExAsync(n, AddressFamilyPreference.InterNetwork, ct)).Addresses.Count;
    runs.Clear();
    var fixedClient = new DnsStubClient(dnsmasq.EndPoint, new DnsStubClientOptions { AttemptTimeout = TimeSpan.FromSeconds(2), Attempts = 2, MaxConcurrentQueries = outstanding, AdaptiveConcurrency = false });
    Func<string, CancellationToken, Task<int>> fixedLookup = async (n, ct) => (await fixedClient.QueryAsync(n, DnsRecordType.A, ct)).Answers.Count;
    foreach (var concurrency in levels)
    {
        runs.Add(("DnsStubClient", concurrency, () => Bench.ThroughputAsync(concurrency, all, limit, stubLookup)));
        if (fixedWindow)
        {
            runs.Add(("DnsStubClient, fixed window", concurrency, () => Bench.ThroughputAsync(concurrency, all, limit, fixedLookup)));
        }

        runs.Add(("HostResolver.GetHostByNameExAsync (stub client)", concurrency, () => Bench.ThroughputAsync(concurrency, all, limit, resolverLookup)));
        runs.Add(("DnsClient.NET LookupClient (no cache)", concurrency, () => Bench.ThroughputAsync(concurrency, all, limit, rivalLookup)));
    }

    await Bench.ThroughputAsync(16, all.Take(1000).ToArray(), limit, rivalLookup); // warm-up of the rival
}

if (stubOnly || only is not null)
{
    var prefix = only ?? "DnsStubClient";
    runs.RemoveAll(r => !r.What.StartsWith(prefix, StringComparison.Ordinal));
}

await Bench.ThroughputAsync(16, all.Take(1000).ToArray(), limit, stubLookup); // warm-up (JIT, dnsmasq)
for (var round = 0; round < warmupRounds; round++)
{
    foreach (var run in runs)
    {
        await run.Run();
    }
}

var rates = runs.Select(_ => new List<double>()).ToArray();
var udpBefore = sent.Udp;
for (var round = 0; round < rounds; round++)
{
    for (var r = 0; r < runs.Count; r++)
    {
        rates[r].Add(await runs[r].Run());
    }
}

Console.WriteLine($"Throughput, queries/s over all {names} names, {rounds} interleaved rounds after {warmupRounds} unmeasured (median, min-max):");
Console.WriteLine(rival ? "| what | concurrency | median q/s | min-max q/s | vs DnsClient.NET |" : "| what | concurrency | median q/s | min-max q/s |");
Console.WriteLine(rival ? "|---|---:|---:|---:|---:|" : "|---|---:|---:|---:|");
for (var r = 0; r < runs.Count; r++)
{
    var sorted = rates[r].Order().ToArray();
    var versus = string.Empty;
    if (rival && !runs[r].What.StartsWith("DnsClient", StringComparison.Ordinal))
    {
        var other = runs.FindIndex(x => x.What.StartsWith("DnsClient", StringComparison.Ordinal) && x.Concurrency == runs[r].Concurrency);
        versus = other < 0 ? " - |" : $" {sorted[sorted.Length / 2] / rates[other].Order().ElementAt(rates[other].Count / 2):F2}x |";
    }
    else if (rival)
    {
        versus = " 1.00x |";
    }

    Console.WriteLine($"| {runs[r].What} | {runs[r].Concurrency} | {sorted[sorted.Length / 2]:F0} | {sorted[0]:F0}-{sorted[^1]:F0} |{versus}");
}

if (!osResolverIsLocal)
{
    Console.WriteLine("| System.Net.Dns | - | skipped: not in run.sh's namespace (the OS resolver must point only at loopback) | |");
}

if (rival)
{
    // Our clients' rows: each round looks up every name once per row.
    Console.WriteLine($"UDP queries sent by our clients: {sent.Udp - udpBefore} for {rounds * names * runs.Count(x => !x.What.StartsWith("DnsClient", StringComparison.Ordinal))} lookups (the difference is retries after lost datagrams or timeouts).");
    return 0;
}

var stubQueries = rounds * names * runs.Count(x => x.What.StartsWith("DnsStubClient", StringComparison.Ordinal) || x.What.StartsWith("HostResolver", StringComparison.Ordinal)); // the rows that go through the stub client (--stub-only and --only keep fewer)
Console.WriteLine($"UDP queries sent by the stub client: {sent.Udp - udpBefore} for {stubQueries} lookups (the difference is retries after lost datagrams).");

Console.WriteLine();
Console.WriteLine("Cancellation latency (query to a name whose server never answers, cancelled after 200 ms; 10 runs):");
Console.WriteLine("| what | median ms | max ms |");
Console.WriteLine("|---|---:|---:|");
await using var slowClient = new DnsStubClient(dnsmasq.EndPoint, new DnsStubClientOptions { AttemptTimeout = TimeSpan.FromSeconds(30), Attempts = 1 });
await Bench.CancellationAsync("DnsStubClient.QueryAsync", ct => slowClient.QueryAsync("x.silent.test", DnsRecordType.A, ct));
if (osResolverIsLocal && !stubOnly)
{
    var os = new HostResolver(new HostResolverOptions { Timeout = Timeout.InfiniteTimeSpan });
    await Bench.CancellationAsync("HostResolver (OS resolver)", ct => os.GetHostByNameAsync("x.silent.test", ct));
    await Bench.CancellationAsync("System.Net.Dns.GetHostAddressesAsync", ct => Dns.GetHostAddressesAsync("x.silent.test", AddressFamily.InterNetwork, ct), runs: 2);
}

if (osResolverIsLocal && !stubOnly)
{
    double Median(string what, int concurrency)
    {
        var r = runs.FindIndex(x => x.What.StartsWith(what, StringComparison.Ordinal) && x.Concurrency == concurrency);
        return rates[r].Order().ElementAt(rates[r].Count / 2);
    }

    var os256 = Median("System.Net.Dns", 256);
    var bestStub = new[] { 1, 16, 256 }.Max(c => Median("DnsStubClient", c));
    var ceiling = Math.Max(Median("raw UDP", 64), Median("raw UDP", 256));
    Console.WriteLine();
    Console.WriteLine($"Ratio: DnsStubClient at 256 / System.Net.Dns at 256 = {Median("DnsStubClient", 256) / os256:F2}x; best stub row / System.Net.Dns at 256 = {bestStub / os256:F2}x (target >= 5x)");
    Console.WriteLine($"Server ceiling (best raw row) / System.Net.Dns at 256 = {ceiling / os256:F2}x: no client can exceed this ratio against this server; best stub row / ceiling = {bestStub / ceiling:F2}");
}

return 0;
