using System.Diagnostics;
using System.Net;
using NetPrimitives.Ping;
using NetPrimitives.Ping.Engines;
using NSubstitute;
using static NetPrimitives.Tests.Ping.SweepTestKit;

namespace NetPrimitives.Tests.Ping;

/// <summary>
/// The one-thread polling sweep (PingSweep.Polling.cs) over <see cref="FakePollingPinger"/>: the same guarantees as
/// <see cref="PingSweepLogicTests"/> checks on the per-probe path, plus what is the loop's own (deadline queue, result
/// buffer, one thread). Real time is only an upper bound (the deadline) or a lower bound the logic guarantees.
/// </summary>
public sealed class PollingSweepLogicTests
{
    // PingSweep's own constants: at most this many results wait unread, and this many sends go out between two reads.
    private const int ResultBuffer = 1_024;
    private const int SendBatch = 8;

    // TimeSpan.FromTicks rounding of a Stopwatch interval; the loop's own deadlines are truncated to whole ticks.
    private static readonly TimeSpan Rounding = TimeSpan.FromMicroseconds(10);

    [Theory]
    [InlineData("10.9.8.0/24")]
    [InlineData("10.0.0.1, 10.0.0.7-9, 10.0.1.0/30, fd00::1, fd00::2")]
    public async Task Every_target_gets_exactly_one_result_from_one_loop_at_a_time(string specification)
    {
        var fake = new FakePollingPinger(a => LastByte(a) % 2 == 0 ? FakeReply.Alive() : FakeReply.Silent);
        var expected = PingTargets.Parse(specification).EnumerateAddresses().Select(a => a.ToString()).Order().ToList();

        var results = await SweepAsync(fake, Options(timeoutMs: 30), specification);

        Assert.Equal(expected, results.Select(r => r.Target).Order());
        Assert.All(results, r => Assert.Equal(LastByte(r.Address!) % 2 == 0 ? PingStatus.Alive : PingStatus.TimedOut, r.Status));
        Assert.All(results.Where(r => r.Status == PingStatus.Alive), r => Assert.Equal(0.25, r.RoundTripMilliseconds!.Value, 6));
        Assert.All(results, r => Assert.Equal(1, r.Attempts));

        // The polling path, not a task per probe: one loop sent, forgot and read everything, on one thread at a time. It
        // starts on a pool thread and, the first time it has to wait (here: for the silent targets' timeouts), moves
        // to a thread of its own, never back.
        Assert.Equal((1, expected.Count, 0), (fake.TryStartPollingCalls, fake.SendCount, fake.ProbeAsyncCalls));
        Assert.Equal([true, false], fake.LoopThreads.Select(t => t.IsPool));
        Assert.Equal(expected.Count(t => LastByte(IPAddress.Parse(t)) % 2 != 0), fake.ForgetCalls);
        Assert.Equal((1, 1), (fake.PollerDisposed, fake.PingerDisposed));
    }

    [Fact]
    public async Task A_sweep_answered_at_once_never_leaves_the_pool_thread()
    {
        // Like loopback: every answer is there by the time the loop looks, so it never waits and starts no thread.
        var fake = new FakePollingPinger(_ => FakeReply.Alive());

        var results = await SweepAsync(fake, Options(timeoutMs: 5_000), "10.9.8.0/24");

        Assert.Equal(254, results.Count(r => r.Status == PingStatus.Alive));
        Assert.Equal([true], fake.LoopThreads.Select(t => t.IsPool));
    }

    [Fact]
    public async Task Results_stream_in_order_of_arrival_not_of_targets()
    {
        // All ten answers arrive in one read, newest probe first.
        var fake = new FakePollingPinger(_ => FakeReply.Alive()) { HoldAnswersUntilSent = 10, ReverseOrder = true };

        var results = await SweepAsync(fake, Options(timeoutMs: 5_000), "10.0.0.1-10");

        Assert.Equal(Enumerable.Range(1, 10), fake.Sends.Select(s => LastByte(s.Address)));
        Assert.Equal(Enumerable.Range(1, 10).Reverse(), results.Select(r => LastByte(r.Address!)));
    }

    [Theory]
    [InlineData(3, 60_000, 3)]
    [InlineData(50, 2, 2)] // the engine's own bound applies when smaller
    public async Task Probes_in_flight_never_exceed_the_bound_and_reach_it(int optionBound, int engineBound, int expected)
    {
        var fake = new FakePollingPinger(_ => FakeReply.Alive(rttMs: 5, delayMs: 5)) { MaxConcurrency = engineBound };

        var results = await SweepAsync(fake, Options(timeoutMs: 5_000, concurrency: optionBound), "10.0.0.1-40");

        Assert.Equal(40, results.Count);
        Assert.Equal(expected, fake.PeakInFlight);
    }

    [Fact]
    public async Task Silent_targets_are_retried_with_fping_backoff()
    {
        var timeout = TimeSpan.FromMilliseconds(50);
        var fake = new FakePollingPinger(a => LastByte(a) == 1 ? FakeReply.Silent : FakeReply.Alive(rttMs: 1.5, onAttempt: 2));
        var options = new PingSweeperOptions { Timeout = timeout, Retries = 2, BackoffFactor = 2, RatePerSecond = 0 };

        var results = await SweepAsync(fake, options, "10.0.0.1-2");

        var silent = Assert.Single(results, r => LastByte(r.Address!) == 1);
        Assert.Equal((PingStatus.TimedOut, 3), (silent.Status, silent.Attempts));
        var late = Assert.Single(results, r => LastByte(r.Address!) == 2);
        Assert.Equal((PingStatus.Alive, 2, 1.5), (late.Status, late.Attempts, late.RoundTripMilliseconds));

        // Each attempt waits Timeout * Backoff^(n-1) from the loop's reading of the clock at its send, which is no
        // earlier than the moment the fake last returned to the loop: attempt 2 at +50 ms at the earliest, attempt 3
        // at +50+100 ms.
        var one = fake.Sends.Where(s => LastByte(s.Address) == 1).ToList();
        Assert.Equal([1, 2, 3], one.Select(s => s.Attempt));
        Assert.True(Stopwatch.GetElapsedTime(one[0].LoopResumedAt, one[1].At) >= timeout - Rounding);
        Assert.True(Stopwatch.GetElapsedTime(one[1].LoopResumedAt, one[2].At) >= (timeout * 2) - Rounding);
        Assert.True(Stopwatch.GetElapsedTime(one[0].LoopResumedAt, one[2].At) >= (timeout * 3) - Rounding);
        var two = fake.Sends.Where(s => LastByte(s.Address) == 2).ToList();
        Assert.Equal([1, 2], two.Select(s => s.Attempt));
        Assert.True(Stopwatch.GetElapsedTime(two[0].LoopResumedAt, two[1].At) >= timeout - Rounding);

        // Every expired probe was forgotten (3 of .1, the first of .2), none that was answered.
        Assert.Equal(4, fake.ForgetCalls);
    }

    [Fact]
    public async Task An_icmp_error_is_final_and_carries_type_code_and_reporter()
    {
        var router = IPAddress.Parse("10.0.0.254");
        var fake = new FakePollingPinger(_ => FakeReply.IcmpError(3, 1, router));

        var result = Assert.Single(await SweepAsync(fake, Options(retries: 3), "10.0.0.1"));

        Assert.Equal(PingStatus.Unreachable, result.Status);
        Assert.Equal((1, 3, 1, router), (result.Attempts, result.IcmpType!.Value, result.IcmpCode!.Value, result.ReportedBy));
        Assert.Equal((1, 0), (fake.SendCount, fake.ForgetCalls));
    }

    [Fact]
    public async Task An_outcome_decided_by_the_send_is_final_and_holds_no_slot()
    {
        var fake = new FakePollingPinger(_ => FakeReply.NoRoute);

        var results = await SweepAsync(fake, Options(retries: 3, concurrency: 1), "10.0.0.1-5");

        Assert.Equal(Enumerable.Range(1, 5), results.Select(r => LastByte(r.Address!)).Order());
        Assert.All(results, r => Assert.Equal((PingStatus.Unreachable, 1, (int?)null), (r.Status, r.Attempts, r.IcmpType)));
        Assert.Equal((5, 0, 0), (fake.SendCount, fake.PeakInFlight, fake.ForgetCalls));
    }

    [Fact]
    public async Task A_late_answer_after_forget_is_ignored()
    {
        // Every attempt is answered, but only once attempt 2 has been sent: attempt 1's answer comes after its
        // timeout (by order, not by the clock), in the same read as attempt 2's.
        var fake = new FakePollingPinger(_ => FakeReply.Alive(rttMs: 45) with { HeldUntilAttempt = 2 });
        var options = new PingSweeperOptions { Timeout = TimeSpan.FromMilliseconds(40), Retries = 1, BackoffFactor = 2, RatePerSecond = 0 };

        var result = Assert.Single(await SweepAsync(fake, options, "10.0.0.1"));

        Assert.Equal((PingStatus.Alive, 2), (result.Status, result.Attempts));
        Assert.Equal((2, 1, 1), (fake.SendCount, fake.ForgetCalls, fake.LateAnswersIgnored));
    }

    [Fact]
    public async Task Progress_counts_sent_answered_and_remaining()
    {
        var fake = new FakePollingPinger(a => LastByte(a) <= 5 ? FakeReply.Alive() : FakeReply.Silent);
        var progress = new RecordingProgress();
        var sweep = Sweeper(fake, Options(timeoutMs: 30, retries: 2)).Start(PingTargets.Parse("10.0.0.1-8"), progress);
        await using (sweep)
        {
            await CollectAsync(sweep.ReadAllAsync()).WaitAsync(Deadline);
        }

        Assert.Equal(new SweepProgress(Sent: 5 + (3 * 3), Answered: 5, Remaining: 0), progress.Reports[^1]);
        Assert.Equal(14, fake.SendCount);
        Assert.All(progress.Reports, p => Assert.InRange(p.Remaining, 0, 8));
        Assert.Equal(progress.Reports.Select(p => p.Sent).Order(), progress.Reports.Select(p => p.Sent));
        Assert.Equal(progress.Reports.Select(p => p.Answered).Order(), progress.Reports.Select(p => p.Answered));
    }

    [Fact]
    public async Task The_summary_counts_every_outcome()
    {
        var router = IPAddress.Parse("10.0.0.254");
        var fake = new FakePollingPinger(a => LastByte(a) switch
        {
            <= 3 => FakeReply.Alive(rttMs: LastByte(a)),
            <= 5 => FakeReply.Silent,
            6 => FakeReply.IcmpError(3, 1, router),
            _ => FakeReply.NoRoute,
        });
        var sweep = Sweeper(fake, Options(timeoutMs: 30, retries: 1)).Start(PingTargets.Parse("10.0.0.1-7"));
        await using (sweep)
        {
            Assert.Equal(7, (await CollectAsync(sweep.ReadAllAsync()).WaitAsync(Deadline)).Count);
        }

        var s = sweep.Summary;
        Assert.Equal((7L, 7L, 3L, 2L, 2L, 0L, false), (s.Targets, s.Completed, s.Alive, s.TimedOut, s.Unreachable, s.NotResolved, s.Cancelled));
        Assert.Equal((long)fake.SendCount, s.ProbesSent);
        Assert.Equal(3 + (2 * 2) + 1 + 1, s.ProbesSent);
        Assert.Equal((1.0, 3.0, 2.0), (s.MinRoundTripTime!.Value.TotalMilliseconds, s.MaxRoundTripTime!.Value.TotalMilliseconds, s.AverageRoundTripTime!.Value.TotalMilliseconds));
        Assert.Equal(PingEngine.DatagramSocket, s.Engine);
    }

    [Fact]
    public async Task Cancellation_stops_sending_at_once_and_ends_promptly()
    {
        using var cts = new CancellationTokenSource();

        // Nobody answers and the timeout is a minute: only the cancellation, made during the 20th send, ends it.
        var fake = new FakePollingPinger(_ => FakeReply.Silent)
        {
            OnSend = n =>
            {
                if (n == 20)
                {
                    cts.Cancel();
                }
            },
        };
        var sweep = Sweeper(fake, Options(timeoutMs: 60_000)).Start(PingTargets.Parse("10.0.0.0/16"));
        await using (sweep)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CollectAsync(sweep.ReadAllAsync(cts.Token)).WaitAsync(Deadline));

            // The enumeration ends after the loop thread: its poller is disposed, and the batch in progress was the last.
            Assert.Equal(1, fake.PollerDisposed);
            var sent = fake.SendCount;
            Assert.InRange(sent, 20, 20 + SendBatch - 1);
            await Task.Delay(50);
            Assert.Equal(sent, fake.SendCount);
        }

        Assert.True(sweep.Summary.Cancelled);
        Assert.Equal((0L, (long)fake.SendCount), (sweep.Summary.Completed, sweep.Summary.ProbesSent));
    }

    [Fact]
    public async Task Breaking_out_early_stops_the_loop_thread()
    {
        var fake = new FakePollingPinger(_ => FakeReply.Alive());
        var sweep = Sweeper(fake, Options(timeoutMs: 5_000, concurrency: 2)).Start(PingTargets.Parse("10.0.0.0/16"));
        await using (sweep)
        {
            await foreach (var _ in sweep.ReadAllAsync().WithCancellation(TestContext.Current.CancellationToken))
            {
                break;
            }

            Assert.Equal(1, fake.PollerDisposed);
        }

        Assert.True(sweep.Summary.Cancelled);
        var sent = fake.SendCount;
        Assert.InRange(sent, 1, ResultBuffer + SendBatch + 2); // bounded by the result buffer, nowhere near 65,534
        await Task.Delay(50);
        Assert.Equal(sent, fake.SendCount);
        Assert.Equal(1, fake.PingerDisposed);
    }

    [Fact]
    public async Task A_broken_socket_ends_the_enumeration_with_its_error()
    {
        var fake = new FakePollingPinger(_ => FakeReply.Alive()) { FailPollAfterSends = 3 };

        var ex = await Assert.ThrowsAsync<IOException>(() => SweepAsync(fake, Options(concurrency: 1), "10.0.0.0/24"));

        Assert.Equal("socket broke", ex.Message);
        Assert.Equal(3, fake.SendCount); // the sweep stops at the failure instead of sending to the 251 targets after it
        Assert.Equal((1, 1), (fake.PollerDisposed, fake.PingerDisposed));
    }

    [Fact]
    public async Task A_logger_that_throws_when_the_sweep_fails_reaches_the_reader_not_the_process()
    {
        // The loop runs on a thread of its own or a pool thread: an exception escaping it would end the process.
        var fake = new FakePollingPinger(_ => FakeReply.Alive()) { FailPollAfterSends = 3 };
        var sweeper = new PingSweeper(Options(concurrency: 1), new ThrowingLogger(), (_, _) => (fake, "fake"),
            NSubstitute.Substitute.For<ITargetResolver>(), TimeProvider.System);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => CollectAsync(sweeper.SweepAsync(PingTargets.Parse("10.0.0.0/24"))).WaitAsync(Deadline));

        Assert.True(ex is IOException or InvalidOperationException, ex.ToString());
        Assert.Equal((1, 1), (fake.PollerDisposed, fake.PingerDisposed));
    }

    private sealed class ThrowingLogger : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null)
            {
                throw new InvalidOperationException("the logger broke");
            }
        }
    }

    [Fact]
    public async Task A_slow_reader_pauses_the_sends_at_the_result_buffer()
    {
        var fake = new FakePollingPinger(_ => FakeReply.Alive());
        var (read, pausedAt) = await ReadSlowlyAsync(fake, Options(timeoutMs: 5_000), "10.0.0.1-10.0.19.136");

        Assert.Equal(5_000, read.Count);
        Assert.Equal(5_000, read.Distinct().Count());
        Assert.Equal(5_000, fake.SendCount);

        // While the reader paused, the loop filled the buffer (plus the batch it was sending) and then sent nothing.
        Assert.InRange(pausedAt, ResultBuffer, ResultBuffer + SendBatch);
        Assert.InRange(fake.PeakUnconsumed, ResultBuffer, ResultBuffer + SendBatch + 1);
    }

    [Fact]
    public async Task A_slow_reader_of_a_rate_limited_sweep_is_waited_for_without_spinning()
    {
        // With a probe held for a send slot that has come, a full result buffer must still make the loop wait in
        // Poll (up to 10 ms at a time), not call Poll(0) over and over until the reader comes back. At 500/s the
        // 10 ms burst is 5 slots, so no batch sends 8: every batch ends holding a probe for a later slot, and so
        // does the one that fills the buffer.
        var fake = new FakePollingPinger(_ => FakeReply.Alive());
        var (read, pausedAt) = await ReadSlowlyAsync(fake, Options(timeoutMs: 5_000, rate: 500), "10.0.0.1-10.0.4.76");

        Assert.Equal(1_100, read.Distinct().Count());
        Assert.InRange(pausedAt, ResultBuffer, ResultBuffer + SendBatch);
        Assert.InRange(fake.LongestIdleSpin, 0, 50);
    }

    [Fact]
    public async Task The_rate_limit_spaces_the_sends()
    {
        var fake = new FakePollingPinger(_ => FakeReply.Alive());

        var results = await SweepAsync(fake, Options(timeoutMs: 5_000, rate: 200), "10.0.0.1-20");

        Assert.Equal(20, results.Count);
        var sends = fake.Sends;
        Assert.Equal(20, sends.Count);

        // 200/s with 10 ms of burst: 2 probes of credit, then one every 5 ms, so the 20th goes ~85 ms after the first
        // at the earliest (measured from before the loop read the clock for the first send).
        Assert.True(Stopwatch.GetElapsedTime(sends[0].LoopResumedAt, sends[19].At) >= TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Host_names_use_the_per_probe_path()
    {
        var resolver = Substitute.For<ITargetResolver>();
        resolver.ResolveAsync("good.example", Arg.Any<CancellationToken>()).Returns(ValueTask.FromResult(IPAddress.Parse("10.0.0.7")));
        var fake = new FakePollingPinger(_ => FakeReply.Alive());

        var results = await CollectAsync(Sweeper(fake, Options(), resolver).SweepAsync(PingTargets.Parse("good.example, 10.0.0.2"))).WaitAsync(Deadline);

        Assert.Equal(["10.0.0.2", "good.example"], results.Select(r => r.Target).Order());
        Assert.All(results, r => Assert.Equal(PingStatus.Alive, r.Status));
        Assert.Equal((0, 0, 2), (fake.TryStartPollingCalls, fake.SendCount, fake.ProbeAsyncCalls));
    }

    [Fact]
    public async Task A_pinger_that_cannot_poll_falls_back_to_the_per_probe_path()
    {
        var fake = new FakePollingPinger(_ => FakeReply.Alive()) { PollingAvailable = false };

        var results = await SweepAsync(fake, Options(), "10.0.0.1-3");

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal(PingStatus.Alive, r.Status));
        Assert.Equal((1, 0, 3, 0), (fake.TryStartPollingCalls, fake.SendCount, fake.ProbeAsyncCalls, fake.PollerDisposed));
    }

    private static PingSweeperOptions Options(int timeoutMs = 50, int retries = 0, int concurrency = 4_096, int rate = 0) => new()
    {
        Timeout = TimeSpan.FromMilliseconds(timeoutMs),
        Retries = retries,
        RatePerSecond = rate,
        MaxConcurrency = concurrency,
    };

    private static int LastByte(IPAddress address) => address.GetAddressBytes()[^1];

    private static Task<List<PingResult>> SweepAsync(FakePollingPinger fake, PingSweeperOptions options, string targets) =>
        CollectAsync(Sweeper(fake, options).SweepAsync(PingTargets.Parse(targets))).WaitAsync(Deadline);

    // Sweeps targets that all answer at once; the reader takes one result, then pauses until the loop has sent a full
    // buffer's worth (and 200 ms more, for a loop that would not stop), then reads the rest.
    private static async Task<(List<string> Read, int PausedAt)> ReadSlowlyAsync(FakePollingPinger fake, PingSweeperOptions options, string targets)
    {
        var read = new List<string>();
        int pausedAt;
        var sweep = Sweeper(fake, options).Start(PingTargets.Parse(targets));
        await using (sweep)
        {
            var reader = sweep.ReadAllAsync().GetAsyncEnumerator();
            await using (reader)
            {
                Assert.True(await reader.MoveNextAsync().AsTask().WaitAsync(Deadline));
                read.Add(reader.Current.Target);
                Interlocked.Increment(ref fake.Consumed);

                // One result read, a buffer's worth unread: the loop has sent at least this many before it may pause.
                var waited = Stopwatch.StartNew();
                while (fake.SendCount < ResultBuffer + 1 && waited.Elapsed < Deadline)
                {
                    await Task.Delay(5);
                }

                await Task.Delay(200);
                pausedAt = fake.SendCount;
                while (await reader.MoveNextAsync().AsTask().WaitAsync(Deadline))
                {
                    read.Add(reader.Current.Target);
                    Interlocked.Increment(ref fake.Consumed);
                }
            }
        }

        return (read, pausedAt);
    }
}
