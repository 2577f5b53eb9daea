using System.Net;
using NetPrimitives.Ping;
using NetPrimitives.Ping.Engines;
using NSubstitute;
using static NetPrimitives.Tests.Ping.SweepTestKit;

namespace NetPrimitives.Tests.Ping;

/// <summary>
/// The sweep's rules (SweepPlan) on both of its paths: each theory runs once per probe (a task per target, the fake's
/// ProbeAsync) and once on the polling loop (the fake's Send/Poll/Forget). Time is the fake's clock, moved by the test
/// once the sweep has settled, so every instant below is exact.
/// </summary>
public sealed class SweepRuleTests
{
    private static readonly TimeSpan OneMs = TimeSpan.FromMilliseconds(1);

    public static TheoryData<SweepPath, string> PathsAndTargets => new()
    {
        { SweepPath.PerProbe, "10.9.8.0/28" },
        { SweepPath.PerProbe, "10.0.0.1, 10.0.0.7-9, 10.0.1.0/30, fd00::1, fd00::2" },
        { SweepPath.Polling, "10.9.8.0/28" },
        { SweepPath.Polling, "10.0.0.1, 10.0.0.7-9, 10.0.1.0/30, fd00::1, fd00::2" },
    };

    [Theory]
    [MemberData(nameof(PathsAndTargets))]
    public async Task Every_target_gets_exactly_one_result(SweepPath path, string specification)
    {
        var fake = new FakePinger(path, a => LastByte(a) % 2 == 0 ? FakeReply.Alive() : FakeReply.Silent);
        var expected = PingTargets.Parse(specification).EnumerateAddresses().Select(a => a.ToString()).Order().ToList();
        var silent = expected.Count(t => LastByte(IPAddress.Parse(t)) % 2 != 0);
        var run = SweepRun.Start(fake, Options(fake, timeoutMs: 30), specification);

        await fake.AdvanceAfter(expected.Count, 30);
        var results = await run.EndAsync();

        Assert.Equal(expected, results.Select(r => r.Target).Order());
        Assert.All(results, r => Assert.Equal(LastByte(r.Address!) % 2 == 0 ? PingStatus.Alive : PingStatus.TimedOut, r.Status));
        Assert.All(results.Where(r => r.Status == PingStatus.Alive), r => Assert.Equal(0.25, r.RoundTripMilliseconds!.Value, 6));
        Assert.All(results, r => Assert.Equal(1, r.Attempts));
        Assert.Equal((expected.Count, silent), (fake.SendCount, fake.Expiries.Count));
        Assert.Equal(TimeSpan.FromMilliseconds(30), run.Sweep.Summary.Elapsed); // first probe to last result, on the sweep's clock
        Assert.Equal((1, 1, 0), (fake.TryStartPollingCalls, fake.PingerDisposed, fake.SendsAfterDispose));
        if (path == SweepPath.Polling)
        {
            // One loop sent, forgot and read everything, on one thread at a time. It starts on a pool thread and, the
            // first time it has to wait (here: for the silent targets' timeouts), moves to a thread of its own.
            Assert.Equal((0, 1), (fake.ProbeAsyncCalls, fake.PollerDisposed));
            Assert.Equal([true, false], fake.LoopThreads.Select(t => t.IsPool));
        }
        else
        {
            // The fake cannot poll here: the sweep falls back to a probe at a time.
            Assert.Equal((expected.Count, 0), (fake.ProbeAsyncCalls, fake.PollerDisposed));
        }
    }

    [Theory]
    [InlineData(SweepPath.PerProbe)]
    [InlineData(SweepPath.Polling)]
    public async Task Results_stream_in_order_of_arrival_not_of_targets(SweepPath path)
    {
        // .10 answers after 1 ms, .9 after 2 ms ... .1 after 10 ms.
        var fake = new FakePinger(path, a => FakeReply.Alive(delayMs: 11 - LastByte(a)));
        var run = SweepRun.Start(fake, Options(fake, timeoutMs: 5_000), "10.0.0.1-10");

        await fake.Settled(10);
        for (var answered = 1; answered <= 10; answered++)
        {
            fake.Clock.Advance(OneMs);
            await run.Read(answered);
        }

        var results = await run.EndAsync();
        Assert.Equal(Enumerable.Range(1, 10), fake.Sends.Select(s => LastByte(s.Address)));
        Assert.Equal(Enumerable.Range(1, 10).Reverse(), results.Select(r => LastByte(r.Address!)));
    }

    [Theory]
    [InlineData(SweepPath.PerProbe, 3, 60_000, 3)]
    [InlineData(SweepPath.PerProbe, 50, 2, 2)] // the engine's own bound applies when smaller
    [InlineData(SweepPath.Polling, 3, 60_000, 3)]
    [InlineData(SweepPath.Polling, 50, 2, 2)]
    public async Task Probes_in_flight_never_exceed_the_bound_and_reach_it(SweepPath path, int optionBound, int engineBound, int expected)
    {
        var fake = new FakePinger(path, _ => FakeReply.Alive(rttMs: 5, delayMs: 5)) { MaxConcurrency = engineBound };
        var run = SweepRun.Start(fake, Options(fake, timeoutMs: 5_000, concurrency: optionBound), "10.0.0.1-40");

        // Every 5 ms a full set of answers frees the slots for the next set.
        for (var sent = expected; sent < 40 + expected; sent += expected)
        {
            await fake.AdvanceAfter(Math.Min(sent, 40), 5);
        }

        var results = await run.EndAsync();
        Assert.Equal(40, results.Count(r => r.Status == PingStatus.Alive));
        Assert.Equal(expected, fake.PeakInFlight);
    }

    [Theory]
    [InlineData(SweepPath.PerProbe)]
    [InlineData(SweepPath.Polling)]
    public async Task Silence_is_retried_with_fping_backoff_and_an_answer_ends_the_retries(SweepPath path)
    {
        var fake = new FakePinger(path, a => LastByte(a) == 1 ? FakeReply.Silent : FakeReply.Alive(rttMs: 1.5, onAttempt: 3));
        var run = SweepRun.Start(fake, Options(fake, timeoutMs: 100, retries: 3, backoff: 1.5), "10.0.0.1-2");
        var start = fake.Clock.GetTimestamp();

        // Attempt n waits 100 ms * 1.5^(n-1): both targets retry at +100 and +250; .2 answers its third attempt.
        await fake.AdvanceAfter(2, 100);
        await fake.AdvanceAfter(4, 150);
        await fake.AdvanceAfter(6, 225);
        await fake.AdvanceAfter(7, 337.5);
        var results = await run.EndAsync();

        var silent = Assert.Single(results, r => LastByte(r.Address!) == 1);
        Assert.Equal((PingStatus.TimedOut, 4), (silent.Status, silent.Attempts));
        var late = Assert.Single(results, r => LastByte(r.Address!) == 2);
        Assert.Equal((PingStatus.Alive, 3, 1.5), (late.Status, late.Attempts, late.RoundTripMilliseconds));

        var one = fake.Sends.Where(s => LastByte(s.Address) == 1).ToList();
        Assert.Equal([1, 2, 3, 4], one.Select(s => s.Attempt));
        Assert.Equal([0, 100, 250, 475], one.Select(s => FakePinger.Ms(s.At, start)));
        Assert.Equal([100, 250, 475, 812.5], fake.Expiries.Where(e => LastByte(e.Address) == 1).Select(e => FakePinger.Ms(e.At, start)));
        Assert.Equal([0, 100, 250], fake.Sends.Where(s => LastByte(s.Address) == 2).Select(s => FakePinger.Ms(s.At, start)));
        Assert.Equal(2, fake.Expiries.Count(e => LastByte(e.Address) == 2));
        if (path == SweepPath.PerProbe)
        {
            // Per probe the engine keeps the deadline: it is handed each attempt's timeout.
            Assert.Equal([100, 150, 225, 337.5], one.Select(s => s.Timeout!.Value.TotalMilliseconds));
        }
    }

    [Theory]
    [InlineData(SweepPath.PerProbe)]
    [InlineData(SweepPath.Polling)]
    public async Task An_answer_after_its_timeout_does_not_count_and_the_retry_s_answer_does(SweepPath path)
    {
        var fake = new FakePinger(path, _ => FakeReply.Alive(rttMs: 45, delayMs: 45));
        var run = SweepRun.Start(fake, Options(fake, timeoutMs: 40, retries: 1, backoff: 2), "10.0.0.1");

        await fake.AdvanceAfter(1, 40); // attempt 1 given up; attempt 2 waits 80 ms
        await fake.AdvanceAfter(2, 5); // attempt 1's answer, 5 ms late
        await fake.AdvanceAfter(2, 40); // attempt 2's answer, 45 ms after it
        var result = Assert.Single(await run.EndAsync());

        Assert.Equal((PingStatus.Alive, 2), (result.Status, result.Attempts));
        Assert.Equal((2, 1), (fake.SendCount, fake.Expiries.Count));
        Assert.Equal(path == SweepPath.Polling ? 1 : 0, fake.LateAnswersIgnored); // per probe the engine drops it itself
    }

    [Theory]
    [InlineData(SweepPath.PerProbe)]
    [InlineData(SweepPath.Polling)]
    public async Task An_icmp_error_is_final_and_carries_type_code_and_reporter(SweepPath path)
    {
        var router = IPAddress.Parse("10.0.0.254");
        var fake = new FakePinger(path, _ => FakeReply.IcmpError(3, 1, router));

        var result = Assert.Single(await SweepRun.Start(fake, Options(fake, retries: 3), "10.0.0.1").EndAsync());

        Assert.Equal(PingStatus.Unreachable, result.Status);
        Assert.Equal((1, 3, 1, router), (result.Attempts, result.IcmpType!.Value, result.IcmpCode!.Value, result.ReportedBy));
        Assert.Equal((1, 0), (fake.SendCount, fake.Expiries.Count));
    }

    [Theory]
    [InlineData(SweepPath.PerProbe)]
    [InlineData(SweepPath.Polling)]
    public async Task An_outcome_decided_by_the_send_is_final_and_holds_no_slot(SweepPath path)
    {
        var fake = new FakePinger(path, _ => FakeReply.NoRoute);

        var results = await SweepRun.Start(fake, Options(fake, retries: 3, concurrency: 1), "10.0.0.1-5").EndAsync();

        Assert.Equal(Enumerable.Range(1, 5), results.Select(r => LastByte(r.Address!)).Order());
        Assert.All(results, r => Assert.Equal((PingStatus.Unreachable, 1, (int?)null), (r.Status, r.Attempts, r.IcmpType)));
        Assert.Equal((5, 0, 0), (fake.SendCount, fake.PeakInFlight, fake.Expiries.Count));
    }

    [Theory]
    [InlineData(SweepPath.PerProbe)]
    [InlineData(SweepPath.Polling)]
    public async Task The_rate_limit_spaces_the_sends(SweepPath path)
    {
        var fake = new FakePinger(path, _ => FakeReply.Alive());
        var start = fake.Clock.GetTimestamp();
        var run = SweepRun.Start(fake, Options(fake, timeoutMs: 5_000, concurrency: 1, rate: 200), "10.0.0.1-20");

        // 200/s: a send slot every 5 ms. Each step, the next probe waits for its slot (per probe: a task on a timer).
        for (var sent = 1; sent < 20; sent++)
        {
            await fake.AdvanceAfter(sent, 5, rateWaiters: 1);
        }

        Assert.Equal(20, (await run.EndAsync()).Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i * 5.0), fake.Sends.Select(s => FakePinger.Ms(s.At, start)));
    }

    [Fact]
    public async Task Host_names_take_the_per_probe_path_through_the_resolver_and_failures_are_reported()
    {
        var resolver = Substitute.For<ITargetResolver>();
        resolver.ResolveAsync("good.example", Arg.Any<CancellationToken>()).Returns(ValueTask.FromResult(IPAddress.Parse("10.0.0.7")));
        resolver.ResolveAsync("bad.example", Arg.Any<CancellationToken>()).Returns<ValueTask<IPAddress>>(_ => throw new InvalidOperationException("no such host"));
        var fake = new FakePinger(SweepPath.Polling, _ => FakeReply.Alive()); // could poll, but names need resolving

        var results = await CollectAsync(Sweeper(fake, Options(fake), resolver).SweepAsync(PingTargets.Parse("good.example, bad.example, 10.0.0.2"))).WaitAsync(Deadline);

        var good = Assert.Single(results, r => r.Target == "good.example");
        Assert.Equal((PingStatus.Alive, IPAddress.Parse("10.0.0.7")), (good.Status, good.Address));
        var bad = Assert.Single(results, r => r.Target == "bad.example");
        Assert.Equal((PingStatus.NameNotResolved, "no such host", 0, (IPAddress?)null), (bad.Status, bad.Error, bad.Attempts, bad.Address));
        Assert.Equal(PingStatus.Alive, Assert.Single(results, r => r.Target == "10.0.0.2").Status);
        Assert.Equal(["10.0.0.2", "10.0.0.7"], fake.Sends.Select(s => s.Address.ToString()).Order());
        Assert.Equal((0, 2), (fake.TryStartPollingCalls, fake.ProbeAsyncCalls));
    }

    [Fact]
    public void The_longest_backoffs_wait_as_long_as_a_timer_can_instead_of_failing()
    {
        // A minute times 5^20 is far beyond any timer (CancelAfter, Task.WaitAsync and Task.Delay throw past ~24.8 days).
        var plan = new SweepPlan(new PingSweeperOptions { Timeout = TimeSpan.FromMinutes(1), BackoffFactor = 5, Retries = 20 }, 60_000);

        Assert.Equal(TimeSpan.FromMinutes(5), plan.TimeoutOf(2));
        Assert.Equal(TimeSpan.FromMilliseconds(int.MaxValue), plan.TimeoutOf(21));
        Assert.InRange(TimeProvider.System.GetElapsedTime(0, plan.DeadlineOf(21, 0)).TotalDays, 24.8, 24.9); // no overflow
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
        Assert.Throws<ArgumentNullException>(() => new PingSweeperOptions { TimeProvider = null! });
        Assert.Equal("MaxConcurrency must be 1 to 60,000. (Parameter 'MaxConcurrency')\nActual value was 0.",
            Assert.Throws<ArgumentOutOfRangeException>(() => new PingSweeperOptions { MaxConcurrency = 0 }).Message.ReplaceLineEndings("\n"));
        var defaults = new PingSweeperOptions();
        Assert.Equal((500.0, 3, 1.5), (defaults.Timeout.TotalMilliseconds, defaults.Retries, defaults.BackoffFactor));
        Assert.Same(TimeProvider.System, defaults.TimeProvider);
    }
}
