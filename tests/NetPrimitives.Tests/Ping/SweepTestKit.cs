using System.Net;
using System.Net.Sockets;
using NetPrimitives.Ping;
using NetPrimitives.Ping.Engines;
using NSubstitute;

namespace NetPrimitives.Tests.Ping;

/// <summary>Builds sweepers over a substituted IPinger, so the sweep logic runs without a network.</summary>
internal static class SweepTestKit
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static IPinger Pinger(Func<IPAddress, TimeSpan, CancellationToken, ValueTask<ProbeOutcome>> probe, int maxConcurrency = 60_000)
    {
        var pinger = Substitute.For<IPinger>();
        pinger.Engine.Returns(PingEngine.RawSocket);
        pinger.MaxConcurrency.Returns(maxConcurrency);
        pinger.ProbeAsync(default!, default, default)
            .ReturnsForAnyArgs(call => probe(call.ArgAt<IPAddress>(0), call.ArgAt<TimeSpan>(1), call.ArgAt<CancellationToken>(2)));
        return pinger;
    }

    public static PingSweeper Sweeper(IPinger pinger, PingSweeperOptions options, ITargetResolver? resolver = null) =>
        new(options, null, (_, _) => (pinger, "substituted for the test"), resolver ?? Substitute.For<ITargetResolver>(), TimeProvider.System);

    public static PingSweeperOptions Fast(int retries = 0, int concurrency = 4_096) => new()
    {
        Timeout = TimeSpan.FromMilliseconds(100),
        Retries = retries,
        RatePerSecond = 0,
        MaxConcurrency = concurrency,
    };

    public static ValueTask<ProbeOutcome> Alive(double ms = 0.25) =>
        ValueTask.FromResult(new ProbeOutcome(ProbeStatus.Alive, TimeSpan.FromMilliseconds(ms), 64));

    public static ValueTask<ProbeOutcome> Silent() => ValueTask.FromResult(ProbeOutcome.TimedOut);

    public static int LastOctet(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? address.GetAddressBytes()[3] : -1;

    public static async Task<List<PingResult>> CollectAsync(IAsyncEnumerable<PingResult> results)
    {
        var list = new List<PingResult>();
        await foreach (var result in results)
        {
            list.Add(result);
        }

        return list;
    }
}

/// <summary>Records every report synchronously (Progress&lt;T&gt; would post them to the thread pool out of order).</summary>
internal sealed class RecordingProgress : IProgress<SweepProgress>
{
    public List<SweepProgress> Reports { get; } = [];

    public void Report(SweepProgress value)
    {
        lock (Reports)
        {
            Reports.Add(value);
        }
    }
}
