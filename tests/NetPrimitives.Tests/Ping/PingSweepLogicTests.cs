using System.Net;
using NetPrimitives.Ping;
using NetPrimitives.Ping.Engines;
using NSubstitute;
using static NetPrimitives.Tests.Ping.SweepTestKit;

namespace NetPrimitives.Tests.Ping;

public sealed class PingSweepLogicTests
{
    [Fact]
    public async Task Every_target_gets_exactly_one_result()
    {
        var pinger = Pinger((a, _, _) => LastOctet(a) % 2 == 0 ? Alive() : Silent());
        var sweeper = Sweeper(pinger, Fast());
        var results = await CollectAsync(sweeper.SweepAsync(PingTargets.Parse("10.9.8.0/28"))).WaitAsync(Deadline);
        Assert.Equal(14, results.Count);
        Assert.Equal(Enumerable.Range(1, 14), results.Select(r => LastOctet(r.Address!)).Order());
        Assert.All(results, r => Assert.Equal(LastOctet(r.Address!) % 2 == 0 ? PingStatus.Alive : PingStatus.TimedOut, r.Status));
        Assert.All(results.Where(r => r.Status == PingStatus.Alive), r => Assert.Equal(0.25, r.RoundTripMilliseconds!.Value, 6));
        await pinger.Received(1).DisposeAsync();
    }

    [Fact]
    public async Task Results_stream_in_order_of_arrival_not_of_targets()
    {
        var slowAnswered = new TaskCompletionSource();
        var pinger = Pinger(async (a, _, _) =>
        {
            if (LastOctet(a) == 1)
            {
                await slowAnswered.Task; // .1 answers only after .2 and .3 have been reported
            }

            return new ProbeOutcome(ProbeStatus.Alive, TimeSpan.FromMilliseconds(1));
        });
        var order = new List<int>();
        await foreach (var result in Sweeper(pinger, Fast()).SweepAsync(PingTargets.Parse("10.0.0.1-3")).WithCancellation(TestContext.Current.CancellationToken))
        {
            order.Add(LastOctet(result.Address!));
            if (order.Count == 2)
            {
                slowAnswered.SetResult();
            }
        }

        Assert.Equal([2, 3, 1], order.Take(2).Order().Append(order[2]));
        Assert.Equal(1, order[2]);
    }

    [Fact]
    public async Task Concurrency_never_exceeds_the_bound_and_reaches_it()
    {
        var running = 0;
        var peak = 0;
        var pinger = Pinger(async (_, _, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(5, ct);
            Interlocked.Decrement(ref running);
            return new ProbeOutcome(ProbeStatus.Alive, TimeSpan.FromMilliseconds(5));
        });
        var results = await CollectAsync(Sweeper(pinger, Fast(concurrency: 3)).SweepAsync(PingTargets.Parse("10.0.0.1-40"))).WaitAsync(Deadline);
        Assert.Equal(40, results.Count);
        Assert.Equal(3, peak);
    }

    [Fact]
    public async Task The_engines_own_bound_applies_when_smaller()
    {
        var running = 0;
        var peak = 0;
        var pinger = Pinger(async (_, _, ct) =>
        {
            InterlockedMax(ref peak, Interlocked.Increment(ref running));
            await Task.Delay(5, ct);
            Interlocked.Decrement(ref running);
            return ProbeOutcome.TimedOut;
        }, maxConcurrency: 2);
        await CollectAsync(Sweeper(pinger, Fast(concurrency: 50)).SweepAsync(PingTargets.Parse("10.0.0.1-12"))).WaitAsync(Deadline);
        Assert.Equal(2, peak);
    }

    [Fact]
    public async Task Silent_targets_are_retried_with_fping_backoff()
    {
        var timeouts = new List<TimeSpan>();
        var pinger = Pinger((_, timeout, _) =>
        {
            lock (timeouts)
            {
                timeouts.Add(timeout);
            }

            return Silent();
        });
        var results = await CollectAsync(Sweeper(pinger, Fast(retries: 3)).SweepAsync(PingTargets.Parse("10.0.0.1"))).WaitAsync(Deadline);
        var result = Assert.Single(results);
        Assert.Equal(PingStatus.TimedOut, result.Status);
        Assert.Equal(4, result.Attempts);
        Assert.Equal([100, 150, 225, 337.5], timeouts.Select(t => t.TotalMilliseconds));
    }

    [Fact]
    public async Task A_late_answer_ends_the_retries()
    {
        var calls = 0;
        var pinger = Pinger((_, _, _) => Interlocked.Increment(ref calls) < 3 ? Silent() : Alive(2));
        var result = Assert.Single(await CollectAsync(Sweeper(pinger, Fast(retries: 5)).SweepAsync(PingTargets.Parse("10.0.0.1"))).WaitAsync(Deadline));
        Assert.Equal(PingStatus.Alive, result.Status);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task An_icmp_error_is_final_and_carries_type_code_and_reporter()
    {
        var router = IPAddress.Parse("10.0.0.254");
        var pinger = Pinger((_, _, _) => ValueTask.FromResult(new ProbeOutcome(ProbeStatus.Unreachable, IcmpType: 3, IcmpCode: 1, ReportedBy: router)));
        var result = Assert.Single(await CollectAsync(Sweeper(pinger, Fast(retries: 3)).SweepAsync(PingTargets.Parse("10.0.0.1"))).WaitAsync(Deadline));
        Assert.Equal(PingStatus.Unreachable, result.Status);
        Assert.Equal((1, 3, 1, router), (result.Attempts, result.IcmpType!.Value, result.IcmpCode!.Value, result.ReportedBy));
    }

    [Fact]
    public async Task Progress_counts_sent_answered_and_remaining()
    {
        var pinger = Pinger((a, _, _) => LastOctet(a) <= 5 ? Alive() : Silent());
        var progress = new RecordingProgress();
        var sweep = Sweeper(pinger, Fast(retries: 2)).Start(PingTargets.Parse("10.0.0.1-8"), progress);
        await using (sweep)
        {
            await CollectAsync(sweep.ReadAllAsync()).WaitAsync(Deadline);
        }

        var last = progress.Reports[^1];
        Assert.Equal(new SweepProgress(Sent: 5 + (3 * 3), Answered: 5, Remaining: 0), last);
        Assert.All(progress.Reports, p => Assert.InRange(p.Remaining, 0, 8));
        var summary = sweep.Summary;
        Assert.Equal((8L, 8L, 5L, 3L, 0L, 14L, false), (summary.Targets, summary.Completed, summary.Alive, summary.TimedOut, summary.Unreachable, summary.ProbesSent, summary.Cancelled));
        Assert.Equal(TimeSpan.FromMilliseconds(0.25), summary.AverageRoundTripTime);
        Assert.Equal(PingEngine.RawSocket, summary.Engine);
        Assert.Equal("substituted for the test", sweep.EngineReason);
    }

    [Fact]
    public async Task Cancellation_stops_sending_at_once_and_ends_promptly()
    {
        var calls = 0;
        var firstBatch = new TaskCompletionSource();
        var pinger = Pinger(async (_, _, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 4)
            {
                firstBatch.TrySetResult();
            }

            await Task.Delay(Timeout.Infinite, ct); // nobody ever answers: only cancellation ends a probe
            return ProbeOutcome.TimedOut;
        });
        using var cts = new CancellationTokenSource();
        var sweep = Sweeper(pinger, Fast(concurrency: 4)).Start(PingTargets.Parse("10.0.0.0/24"));
        await using (sweep)
        {
            var reading = CollectAsync(sweep.ReadAllAsync(cts.Token));
            await firstBatch.Task.WaitAsync(Deadline);
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Deadline));
        }

        Assert.Equal(4, calls);
        Assert.True(sweep.Summary.Cancelled);
        Assert.Equal(0, sweep.Summary.Completed);
    }

    [Fact]
    public async Task Breaking_out_early_stops_the_sweep()
    {
        var calls = 0;
        var pinger = Pinger((_, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return Alive();
        });
        var sweep = Sweeper(pinger, Fast(concurrency: 2)).Start(PingTargets.Parse("10.0.0.0/16"));
        await using (sweep)
        {
            await foreach (var _ in sweep.ReadAllAsync())
            {
                break;
            }
        }

        Assert.True(sweep.Summary.Cancelled);
        Assert.InRange(calls, 1, 3_000); // bounded by the result buffer and the concurrency, nowhere near 65,534
    }

    [Fact]
    public async Task A_sweep_is_read_once_and_its_summary_waits_for_the_end()
    {
        var sweep = Sweeper(Pinger((_, _, _) => Alive()), Fast()).Start(PingTargets.Parse("10.0.0.1"));
        await using (sweep)
        {
            Assert.Throws<InvalidOperationException>(() => sweep.Summary);
            await CollectAsync(sweep.ReadAllAsync()).WaitAsync(Deadline);
            await Assert.ThrowsAsync<InvalidOperationException>(() => CollectAsync(sweep.ReadAllAsync()));
            Assert.Equal(1, sweep.Summary.Alive);
        }
    }

    [Fact]
    public async Task An_engine_failure_ends_the_enumeration_with_it()
    {
        var calls = 0;
        var pinger = Pinger((a, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return LastOctet(a) == 3 ? throw new IOException("socket broke") : Alive();
        });
        var ex = await Assert.ThrowsAsync<IOException>(() => CollectAsync(Sweeper(pinger, Fast(concurrency: 1)).SweepAsync(PingTargets.Parse("10.0.0.0/24"))).WaitAsync(Deadline));
        Assert.Equal("socket broke", ex.Message);
        Assert.InRange(calls, 3, 4); // the sweep stops at the failure instead of failing the 251 targets after it
    }

    [Fact]
    public async Task Host_names_are_resolved_through_the_resolver_and_failures_reported()
    {
        var resolver = Substitute.For<ITargetResolver>();
        resolver.ResolveAsync("good.example", Arg.Any<CancellationToken>()).Returns(ValueTask.FromResult(IPAddress.Parse("10.0.0.7")));
        resolver.ResolveAsync("bad.example", Arg.Any<CancellationToken>()).Returns<ValueTask<IPAddress>>(_ => throw new InvalidOperationException("no such host"));
        var probed = new List<IPAddress>();
        var pinger = Pinger((a, _, _) =>
        {
            lock (probed)
            {
                probed.Add(a);
            }

            return Alive();
        });
        var results = await CollectAsync(Sweeper(pinger, Fast(), resolver).SweepAsync(PingTargets.Parse("good.example, bad.example"))).WaitAsync(Deadline);
        var good = Assert.Single(results, r => r.Target == "good.example");
        Assert.Equal((PingStatus.Alive, IPAddress.Parse("10.0.0.7")), (good.Status, good.Address));
        var bad = Assert.Single(results, r => r.Target == "bad.example");
        Assert.Equal((PingStatus.NameNotResolved, "no such host", 0), (bad.Status, bad.Error, bad.Attempts));
        Assert.Null(bad.Address);
        Assert.Equal([IPAddress.Parse("10.0.0.7")], probed);
    }

    [Fact]
    public void Options_validate_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PingSweeperOptions { Timeout = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PingSweeperOptions { Retries = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PingSweeperOptions { BackoffFactor = 0.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PingSweeperOptions { RatePerSecond = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PingSweeperOptions { MaxConcurrency = 65_536 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PingSweeperOptions { PayloadSize = 19 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PingSweeperOptions { TcpPorts = [0] });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PingSweeperOptions { TcpPorts = [] });
        var defaults = new PingSweeperOptions();
        Assert.Equal((500.0, 3, 1.5), (defaults.Timeout.TotalMilliseconds, defaults.Retries, defaults.BackoffFactor));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
