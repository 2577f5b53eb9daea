using NetPrimitives.Ping;

namespace NetPrimitives.Tests.Ping;

public sealed class RateLimiterTests
{
    private sealed class ManualClock : TimeProvider
    {
        public long Now { get; set; } = 1_000_000;

        public override long TimestampFrequency => 1_000_000; // microseconds

        public override long GetTimestamp() => Now;
    }

    [Fact]
    public void A_full_bucket_allows_a_10ms_burst_then_spaces_probes_by_the_rate()
    {
        var clock = new ManualClock();
        var limiter = new RateLimiter(1_000, clock); // 1 ms apart, 10 ms of burst credit once idle
        clock.Now += 1_000_000; // idle for a second: credit is capped at the burst, not a second's worth
        var waits = Enumerable.Range(0, 14).Select(_ => limiter.Reserve(clock.Now).TotalMilliseconds).ToArray();
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3], waits);
    }

    [Fact]
    public void The_long_run_rate_holds_for_callers_that_wait_their_turn()
    {
        var clock = new ManualClock();
        var limiter = new RateLimiter(500, clock); // one per 2 ms
        var start = clock.Now;
        for (var probe = 0; probe < 1_000; probe++)
        {
            var wait = limiter.Reserve(clock.Now);
            clock.Now += (long)(wait.TotalSeconds * clock.TimestampFrequency) + 300; // sleep as told, plus timer slack
        }

        // 1,000 probes at 500/s take 2 s (less the initial 10 ms burst); the slack is absorbed, not added.
        var seconds = (clock.Now - start) / (double)clock.TimestampFrequency;
        Assert.InRange(seconds, 1.98, 2.01);
    }

    [Fact]
    public void Zero_means_unlimited()
    {
        var limiter = new RateLimiter(0, new ManualClock());
        Assert.True(limiter.Unlimited);
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.Equal(TimeSpan.Zero, limiter.Reserve(0)));
    }
}
