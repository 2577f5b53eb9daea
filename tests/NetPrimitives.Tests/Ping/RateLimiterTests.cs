using Microsoft.Extensions.Time.Testing;
using NetPrimitives.Ping;

namespace NetPrimitives.Tests.Ping;

public sealed class RateLimiterTests
{
    [Fact]
    public void A_full_bucket_allows_a_10ms_burst_then_spaces_probes_by_the_rate()
    {
        var clock = new FakeTimeProvider();
        var limiter = new RateLimiter(1_000, clock); // 1 ms apart, 10 ms of burst credit once idle
        clock.Advance(TimeSpan.FromSeconds(1)); // idle for a second: credit is capped at the burst, not a second's worth
        var now = clock.GetTimestamp();
        var waits = Enumerable.Range(0, 14).Select(_ => Math.Max(0, clock.GetElapsedTime(now, limiter.Reserve(now)).TotalMilliseconds)).ToArray();
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3], waits);
    }

    [Fact]
    public void The_long_run_rate_holds_for_callers_that_wait_their_turn()
    {
        var clock = new FakeTimeProvider();
        var limiter = new RateLimiter(500, clock); // one per 2 ms
        var start = clock.GetTimestamp();
        for (var probe = 0; probe < 1_000; probe++)
        {
            var now = clock.GetTimestamp();
            var slot = limiter.Reserve(now);
            clock.Advance(TimeSpan.FromTicks(Math.Max(0, slot - now)) + TimeSpan.FromMicroseconds(300)); // sleep as told, plus timer slack
        }

        // 1,000 probes at 500/s take 2 s (less the initial 10 ms burst); the slack is absorbed, not added.
        Assert.InRange(clock.GetElapsedTime(start).TotalSeconds, 1.98, 2.01);
    }

    [Fact]
    public void Zero_means_unlimited()
    {
        var limiter = new RateLimiter(0, new FakeTimeProvider());
        Assert.True(limiter.Unlimited);
        Assert.All(Enumerable.Range(0, 1000), i => Assert.Equal(i, limiter.Reserve(i)));
    }
}
