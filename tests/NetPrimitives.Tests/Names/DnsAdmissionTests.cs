using Microsoft.Extensions.Time.Testing;
using NetPrimitives.Names;

namespace NetPrimitives.Tests.Names;

/// <summary>The stub client's adaptive window of queries let out at once (TCP Vegas's rule on round-trip times).</summary>
public sealed class DnsAdmissionTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Fast = TimeSpan.FromMicroseconds(60);

    [Fact]
    public async Task Starts_with_sixteen_out_at_once_and_admits_the_rest_first_come_first_served()
    {
        var admission = new DnsAdmission(256, adaptive: true, new FakeTimeProvider());
        for (var i = 0; i < 16; i++)
        {
            Assert.True(admission.EnterAsync(CancellationToken.None).IsCompletedSuccessfully);
        }

        var first = admission.EnterAsync(CancellationToken.None);
        var second = admission.EnterAsync(CancellationToken.None);
        Assert.False(first.IsCompleted);

        admission.Exit(roundTrip: null); // no answer: no sample, the window stays 16 and one place frees
        await first.WaitAsync(Guard);
        Assert.False(second.IsCompleted);
        Assert.Equal(16, admission.InFlight);
    }

    [Fact]
    public void Answers_as_fast_as_the_fastest_grow_the_window_by_one_each_up_to_the_maximum()
    {
        var admission = new DnsAdmission(40, adaptive: true, new FakeTimeProvider());
        for (var i = 0; i < 100; i++)
        {
            _ = admission.EnterAsync(CancellationToken.None);
            admission.Exit(Fast);
            Assert.Equal(Math.Min(40, 17 + i), admission.Window);
        }
    }

    [Fact]
    public void Answers_slowed_by_a_queue_at_the_server_shrink_the_window_until_little_is_queued()
    {
        var admission = Grown(64);

        // Ten times the fastest round trip: about nine in ten queries out are waiting in the server's queue.
        var slow = Fast * 10;
        for (var i = 0; i < 200; i++)
        {
            _ = admission.EnterAsync(CancellationToken.None);
            admission.Exit(slow);
        }

        // It stops where window × (1 − 1/10) is at most 16 queued: 17 (17 × 0.9 = 15.3; 18 × 0.9 = 16.2).
        Assert.Equal(17, admission.Window);
    }

    [Fact]
    public void A_lost_query_halves_the_window_down_to_four_at_least()
    {
        var admission = Grown(64);
        admission.Lost();
        Assert.Equal(32, admission.Window);
        for (var i = 0; i < 10; i++)
        {
            admission.Lost();
        }

        Assert.Equal(DnsAdmission.SmallestWindow, admission.Window);
    }

    [Fact]
    public void Without_adaptation_the_window_is_the_maximum_whatever_happens()
    {
        var admission = new DnsAdmission(256, adaptive: false, new FakeTimeProvider());
        Assert.Equal(256, admission.Window);
        admission.Lost();
        _ = admission.EnterAsync(CancellationToken.None);
        admission.Exit(Fast * 100);
        Assert.Equal(256, admission.Window);
    }

    [Fact]
    public void The_fastest_answer_is_forgotten_after_two_periods_so_a_slower_path_is_not_taken_for_a_queue()
    {
        var time = new FakeTimeProvider();
        var admission = Grown(64, time);
        var slower = Fast * 10;

        // The server moved farther away: every answer now takes ten times as long, with nothing queued.
        time.Advance(TimeSpan.FromSeconds(10));
        Exit(admission, slower, 1); // a new period: the fastest of the last one still counts, so this looks queued
        Assert.Equal(63, admission.Window);
        time.Advance(TimeSpan.FromSeconds(10));
        Exit(admission, slower, 1); // another period: only answers at the new speed count; nothing is queued
        Assert.Equal(64, admission.Window);
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_queue_and_the_next_one_gets_the_place()
    {
        var admission = new DnsAdmission(1, adaptive: false, new FakeTimeProvider());
        await admission.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = admission.EnterAsync(cancel.Token);
        var next = admission.EnterAsync(CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Guard));
        Assert.False(next.IsCompleted);
        admission.Exit(Fast);
        await next.WaitAsync(Guard);
        Assert.Equal(1, admission.InFlight);
    }

    private static DnsAdmission Grown(int max, FakeTimeProvider? time = null)
    {
        var admission = new DnsAdmission(max, adaptive: true, time ?? new FakeTimeProvider());
        Exit(admission, Fast, max);
        Assert.Equal(max, admission.Window);
        return admission;
    }

    private static void Exit(DnsAdmission admission, TimeSpan roundTrip, int answers)
    {
        for (var i = 0; i < answers; i++)
        {
            _ = admission.EnterAsync(CancellationToken.None);
            admission.Exit(roundTrip);
        }
    }
}
