using System.Net;
using NetPrimitives.Ping;
using NetPrimitives.Ping.Engines;
using NSubstitute;

namespace NetPrimitives.Tests.Ping;

/// <summary>Builds sweepers over a given pinger, so the sweep logic runs without a network.</summary>
internal static class SweepTestKit
{
    /// <summary>An upper bound only: a test that waits this long has failed.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static PingSweeper Sweeper(IPinger pinger, PingSweeperOptions options, ITargetResolver? resolver = null) =>
        new(options, null, (_, _) => (pinger, "substituted for the test"), resolver ?? Substitute.For<ITargetResolver>());

    public static PingSweeperOptions Fast(int retries = 0, int concurrency = 4_096) => new()
    {
        Timeout = TimeSpan.FromMilliseconds(100),
        Retries = retries,
        RatePerSecond = 0,
        MaxConcurrency = concurrency,
    };

    /// <summary>Options on the fake's clock; no rate limit unless asked for.</summary>
    public static PingSweeperOptions Options(FakePinger fake, double timeoutMs = 50, int retries = 0, int concurrency = 4_096, int rate = 0, double backoff = 1.5) => new()
    {
        Timeout = TimeSpan.FromMilliseconds(timeoutMs),
        Retries = retries,
        BackoffFactor = backoff,
        RatePerSecond = rate,
        MaxConcurrency = concurrency,
        TimeProvider = fake.Clock,
    };

    public static int LastByte(IPAddress address) => address.GetAddressBytes()[^1];

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

/// <summary>
/// A sweep read to its end in the background while the test moves the fake clock: the results so far, a signal per
/// count reached, and the fake told of every read.
/// </summary>
internal sealed class SweepRun
{
    private readonly List<PingResult> _results = [];
    private readonly FakePinger _fake;

    private SweepRun(PingSweep sweep, FakePinger fake, CancellationToken cancellationToken)
    {
        Sweep = sweep;
        _fake = fake;
        Completion = ReadAsync(cancellationToken);
        Completion.ContinueWith(_ => fake.Conditions.Changed(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    public PingSweep Sweep { get; }

    /// <summary>Every result, once the enumeration has ended; its exception if it ended with one.</summary>
    public Task<List<PingResult>> Completion { get; }

    public List<PingResult> Results
    {
        get
        {
            lock (_results)
            {
                return [.. _results];
            }
        }
    }

    public static SweepRun Start(FakePinger fake, PingSweeperOptions options, string targets, IProgress<SweepProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new(SweepTestKit.Sweeper(fake, options).Start(PingTargets.Parse(targets), progress), fake, cancellationToken);

    public Task Read(int count) => _fake.Conditions.Until(() => Results.Count >= count || Completion.IsCompleted, $"{count} results (at {Results.Count})");

    /// <summary>Waits for the end (within the deadline) and disposes the sweep.</summary>
    public async Task<List<PingResult>> EndAsync()
    {
        await using (Sweep)
        {
            return await Completion.WaitAsync(SweepTestKit.Deadline);
        }
    }

    private async Task<List<PingResult>> ReadAsync(CancellationToken cancellationToken)
    {
        await Task.Yield(); // the caller goes on to drive the clock
        await foreach (var result in Sweep.ReadAllAsync(cancellationToken))
        {
            lock (_results)
            {
                _results.Add(result);
            }

            _fake.ResultRead();
            _fake.Conditions.Changed();
        }

        return Results;
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
