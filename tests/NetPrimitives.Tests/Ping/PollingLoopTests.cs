using NetPrimitives.Ping;
using NetPrimitives.Ping.Engines;
using static NetPrimitives.Tests.Ping.SweepLifecycleTests;
using static NetPrimitives.Tests.Ping.SweepTestKit;

namespace NetPrimitives.Tests.Ping;

/// <summary>
/// What is the polling loop's own (PingSweep.Polling.cs), over <see cref="FakePinger"/>: the thread it runs on, its
/// result buffer, its waits. The rules it shares with the per-probe path are in <see cref="SweepRuleTests"/>.
/// </summary>
public sealed class PollingLoopTests
{
    [Fact]
    public async Task A_sweep_answered_at_once_never_leaves_the_pool_thread()
    {
        // Like loopback: every answer is there by the time the loop looks, so it never waits and starts no thread.
        var fake = new FakePinger(SweepPath.Polling, _ => FakeReply.Alive());

        var results = await SweepRun.Start(fake, Options(fake, timeoutMs: 5_000), "10.9.8.0/24").EndAsync();

        Assert.Equal(254, results.Count(r => r.Status == PingStatus.Alive));
        Assert.Equal([true], fake.LoopThreads.Select(t => t.IsPool));
    }

    [Fact]
    public async Task A_slow_reader_pauses_the_sends_at_the_result_buffer()
    {
        var fake = new FakePinger(SweepPath.Polling, _ => FakeReply.Alive());
        var (read, pausedAt) = await ReadSlowlyAsync(fake, Options(fake, timeoutMs: 5_000), "10.0.0.1-10.0.19.136");

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
        // Poll, not call Poll(0) over and over until the reader comes back (it would never park: the test would fail).
        var fake = new FakePinger(SweepPath.Polling, _ => FakeReply.Alive());
        var (read, pausedAt) = await ReadSlowlyAsync(fake, Options(fake, timeoutMs: 5_000, rate: 500), "10.0.0.1-10.0.4.76", slotsComeWhilePaused: true);

        Assert.Equal(1_100, read.Distinct().Count());
        Assert.InRange(pausedAt, ResultBuffer, ResultBuffer + SendBatch);
        Assert.InRange(fake.LongestIdleSpin, 0, 50);
    }

    [Fact]
    public async Task A_logger_that_throws_when_the_sweep_fails_reaches_the_reader_not_the_process()
    {
        // The loop runs on a thread of its own or a pool thread: an exception escaping it would end the process.
        var fake = new FakePinger(SweepPath.Polling, _ => FakeReply.Alive()) { FailAfterSends = 3 };
        var sweeper = new PingSweeper(Options(fake, concurrency: 1), new ThrowingLogger(), (_, _) => (fake, "fake"), NSubstitute.Substitute.For<ITargetResolver>());

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => CollectAsync(sweeper.SweepAsync(PingTargets.Parse("10.0.0.0/24"))).WaitAsync(Deadline));

        Assert.True(ex is IOException or InvalidOperationException, ex.ToString());
        Assert.Equal((1, 1), (fake.PollerDisposed, fake.PingerDisposed));
    }

    // Sweeps targets that all answer at once. The reader takes one result and waits until the loop has parked with a
    // buffer's worth unread (the loop alone moves the clock until then); then it reads the rest, the loop moving the
    // clock whenever it would wait. slotsComeWhilePaused: the clock moves past the held probe's send slot during the pause.
    private static async Task<(List<string> Read, int PausedAt)> ReadSlowlyAsync(FakePinger fake, PingSweeperOptions options, string targets, bool slotsComeWhilePaused = false)
    {
        var read = new List<string>();
        int pausedAt;
        fake.AdvanceWhenParked = () => fake.SendCount <= ResultBuffer;
        var sweep = Sweeper(fake, options).Start(PingTargets.Parse(targets));
        await using (sweep)
        {
            var reader = sweep.ReadAllAsync().GetAsyncEnumerator();
            await using (reader)
            {
                Assert.True(await reader.MoveNextAsync().AsTask().WaitAsync(Deadline));
                read.Add(reader.Current.Target);
                fake.ResultRead();

                await fake.Settled(ResultBuffer + 1);
                if (slotsComeWhilePaused)
                {
                    fake.Clock.Advance(TimeSpan.FromMilliseconds(10));
                    await fake.Settled(ResultBuffer + 1);
                }

                pausedAt = fake.SendCount;
                fake.AdvanceWhenParked = () => true;
                while (await reader.MoveNextAsync().AsTask().WaitAsync(Deadline))
                {
                    read.Add(reader.Current.Target);
                    fake.ResultRead();
                }
            }
        }

        return (read, pausedAt);
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
}
