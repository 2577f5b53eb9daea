using System.Net;
using NetPrimitives.Ping;
using static NetPrimitives.Tests.Ping.SweepTestKit;

namespace NetPrimitives.Tests.Ping;

/// <summary>Counters, summary, cancellation and failure, the same on both paths of a sweep (see <see cref="SweepRuleTests"/>).</summary>
public sealed class SweepLifecycleTests
{
    // PingSweep's own constants: at most this many results wait unread, and this many sends go out between two reads.
    internal const int ResultBuffer = 1_024;
    internal const int SendBatch = 8;

    [Theory]
    [InlineData(SweepPath.PerProbe)]
    [InlineData(SweepPath.Polling)]
    public async Task Progress_and_summary_count_every_outcome(SweepPath path)
    {
        var router = IPAddress.Parse("10.0.0.254");
        var fake = new FakePinger(path, a => LastByte(a) switch
        {
            <= 3 => FakeReply.Alive(rttMs: LastByte(a)),
            <= 5 => FakeReply.Silent,
            6 => FakeReply.IcmpError(3, 1, router),
            _ => FakeReply.NoRoute,
        });
        var progress = new RecordingProgress();
        var run = SweepRun.Start(fake, Options(fake, timeoutMs: 30, retries: 2), "10.0.0.1-7", progress);

        // The two silent targets wait 30, 45 and 67.5 ms.
        await fake.AdvanceAfter(7, 30);
        await fake.AdvanceAfter(9, 45);
        await fake.AdvanceAfter(11, 67.5);
        Assert.Equal(7, (await run.EndAsync()).Count);

        Assert.Equal(new SweepProgress(Sent: 11, Answered: 3, Remaining: 0), progress.Reports[^1]);
        Assert.All(progress.Reports, p => Assert.InRange(p.Remaining, 0, 7));
        Assert.Equal(progress.Reports.Select(p => p.Sent).Order(), progress.Reports.Select(p => p.Sent));
        Assert.Equal(progress.Reports.Select(p => p.Answered).Order(), progress.Reports.Select(p => p.Answered));
        var s = run.Sweep.Summary;
        Assert.Equal((7L, 7L, 3L, 2L, 2L, 0L, false), (s.Targets, s.Completed, s.Alive, s.TimedOut, s.Unreachable, s.NotResolved, s.Cancelled));
        Assert.Equal((11L, 11), (s.ProbesSent, fake.SendCount));
        Assert.Equal((1.0, 3.0, 2.0), (s.MinRoundTripTime!.Value.TotalMilliseconds, s.MaxRoundTripTime!.Value.TotalMilliseconds, s.AverageRoundTripTime!.Value.TotalMilliseconds));
        Assert.Equal((PingEngine.DatagramSocket, TimeSpan.FromMilliseconds(142.5)), (s.Engine, s.Elapsed));
        Assert.Equal("substituted for the test", run.Sweep.EngineReason);
    }

    [Theory]
    [InlineData(SweepPath.PerProbe)]
    [InlineData(SweepPath.Polling)]
    public async Task Cancellation_stops_sending_at_once_and_ends_promptly(SweepPath path)
    {
        using var cts = new CancellationTokenSource();

        // Nobody answers and the timeout is a minute: only the cancellation, made during the 4th send, ends it.
        var fake = new FakePinger(path, _ => FakeReply.Silent)
        {
            OnSend = n =>
            {
                if (n == 4)
                {
                    cts.Cancel();
                }
            },
        };
        var sweep = Sweeper(fake, Options(fake, timeoutMs: 60_000, concurrency: 4)).Start(PingTargets.Parse("10.0.0.0/16"));
        await using (sweep)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CollectAsync(sweep.ReadAllAsync(cts.Token)).WaitAsync(Deadline));

            // The enumeration ends after the sending has: the loop has disposed its poller, the tasks have ended.
            Assert.Equal(path == SweepPath.Polling ? 1 : 0, fake.PollerDisposed);
        }

        Assert.Equal((4, 0, 1), (fake.SendCount, fake.SendsAfterDispose, fake.PingerDisposed));
        Assert.True(sweep.Summary.Cancelled);
        Assert.Equal((0L, 4L), (sweep.Summary.Completed, sweep.Summary.ProbesSent));
    }

    [Theory]
    [InlineData(SweepPath.PerProbe)]
    [InlineData(SweepPath.Polling)]
    public async Task Breaking_out_early_stops_the_sweep(SweepPath path)
    {
        var fake = new FakePinger(path, _ => FakeReply.Alive());
        var sweep = Sweeper(fake, Options(fake, timeoutMs: 5_000, concurrency: 2)).Start(PingTargets.Parse("10.0.0.0/16"));
        await using (sweep)
        {
            var reader = sweep.ReadAllAsync().GetAsyncEnumerator();
            Assert.True(await reader.MoveNextAsync().AsTask().WaitAsync(Deadline));
            var stopping = reader.DisposeAsync().AsTask();
            fake.Interrupt(); // a loop waiting for the reader (its buffer full) sees the stop now, not after its poll's wait
            await stopping.WaitAsync(Deadline);
            Assert.Equal(path == SweepPath.Polling ? 1 : 0, fake.PollerDisposed);
        }

        Assert.True(sweep.Summary.Cancelled);
        Assert.InRange(fake.SendCount, 1, ResultBuffer + SendBatch + 2); // bounded by the result buffer, nowhere near 65,534
        Assert.Equal((0, 1), (fake.SendsAfterDispose, fake.PingerDisposed));
    }

    [Theory]
    [InlineData(SweepPath.PerProbe)]
    [InlineData(SweepPath.Polling)]
    public async Task A_broken_engine_ends_the_enumeration_with_its_error(SweepPath path)
    {
        var fake = new FakePinger(path, _ => FakeReply.Alive()) { FailAfterSends = 3 };

        var ex = await Assert.ThrowsAsync<IOException>(() => CollectAsync(Sweeper(fake, Options(fake, concurrency: 1)).SweepAsync(PingTargets.Parse("10.0.0.0/24"))).WaitAsync(Deadline));

        Assert.Equal("socket broke", ex.Message);

        // The sweep stops at the failure instead of sending to the 251 targets after it. Per probe, the slot the
        // failed task frees may start one more probe before the failure stops the producer.
        Assert.InRange(fake.SendCount, 3, path == SweepPath.Polling ? 3 : 4);
        Assert.Equal((path == SweepPath.Polling ? 1 : 0, 1), (fake.PollerDisposed, fake.PingerDisposed));
    }

    [Theory]
    [InlineData(SweepPath.PerProbe)]
    [InlineData(SweepPath.Polling)]
    public async Task A_sweep_is_read_once_and_its_summary_waits_for_the_end(SweepPath path)
    {
        var fake = new FakePinger(path, _ => FakeReply.Alive());
        var sweep = Sweeper(fake, Options(fake)).Start(PingTargets.Parse("10.0.0.1"));
        await using (sweep)
        {
            Assert.Throws<InvalidOperationException>(() => sweep.Summary);
            await CollectAsync(sweep.ReadAllAsync()).WaitAsync(Deadline);
            await Assert.ThrowsAsync<InvalidOperationException>(() => CollectAsync(sweep.ReadAllAsync()));
            Assert.Equal(1, sweep.Summary.Alive);
        }
    }
}
