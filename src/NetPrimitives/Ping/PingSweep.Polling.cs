using System.Net;
using System.Threading.Channels;
using NetPrimitives.Ping.Engines;

namespace NetPrimitives.Ping;

/// <summary>
/// The one-thread sweep, for engines that can be polled (the ICMP sockets on Linux) and targets that need no name
/// resolution: fping's loop. One thread sends as the rate and the concurrency limit allow, reads every answer that is
/// ready between batches of sends, and expires unanswered probes from one deadline queue; no task, timer or thread
/// hop per probe.
/// </summary>
public sealed partial class PingSweep
{
    // Sends between two reads of the socket: answers are read (and time-stamped) while the sweep is still sending, so
    // a loopback round trip is not inflated by more than a few sends' worth of time.
    private const int SendBatch = 8;

    // Longest single wait, so a cancellation or a slow reader is noticed promptly.
    private static readonly TimeSpan MaxPollWait = TimeSpan.FromMilliseconds(10);

    private int _unread; // results written by the loop and not yet read by ReadAllAsync

    private long MaxPollStamps => MaxPollWait.Ticks * _plan.Time.TimestampFrequency / TimeSpan.TicksPerSecond;

    private bool CanPoll => !_targets.HasHostNames && _pinger is IPollingPinger;

    /// <summary>
    /// Starts the loop on a thread-pool thread: a sweep that never has to wait (loopback, or a small one answered at once)
    /// ends there, without the ~50-80 µs of starting a thread. The first time it has to wait, it moves to a thread of its
    /// own, because it then blocks in poll(2), which a pool thread must not. <see cref="PollingLoop.Done"/> completes at the end.
    /// </summary>
    private void StartPollingSweep(PollingLoop loop) =>
        ThreadPool.QueueUserWorkItem(static loop => loop.Sweep.RunPollingSweep(loop), loop, preferLocal: false); // flows the caller's context (log scopes)

    private void RunPollingSweep(PollingLoop loop)
    {
        var (poller, state, writer, stopToken) = (loop.Poller, loop.State, loop.Writer, loop.StopToken);
        Exception? failure = null;
        try
        {
            var limit = _plan.Concurrency;
            while (!stopToken.IsCancellationRequested)
            {
                var now = _plan.Time.GetTimestamp();
                Expire(poller, state, now);
                var sent = 0;
                while (sent < SendBatch && state.InFlight < limit && Volatile.Read(ref _unread) < ResultBufferSize && TrySendOne(poller, state, now))
                {
                    sent++;
                }

                if (state.Finished)
                {
                    break;
                }

                Publish(state, writer);
                var wait = sent == SendBatch ? TimeSpan.Zero : WaitTime(state, now, limit);
                if (wait > TimeSpan.Zero && Thread.CurrentThread.IsThreadPoolThread && sent > 0)
                {
                    wait = TimeSpan.Zero; // look first: on loopback the answers to what was just sent are already there
                }
                else if (wait > TimeSpan.Zero && Thread.CurrentThread.IsThreadPoolThread)
                {
                    var thread = new Thread(static loop => ((PollingLoop)loop!).Sweep.RunPollingSweep((PollingLoop)loop!))
                    {
                        IsBackground = true,
                        Name = "Ping sweep",
                    };
                    thread.Start(loop);
                    return; // the loop goes on there, with everything it had
                }

                poller.Poll(wait);
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException && stopToken.IsCancellationRequested)
        {
            // The sweep was disposed while it ran: its sockets are closed.
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        poller.Dispose();
        Publish(state, writer);
        writer.TryComplete(failure ?? (stopToken.IsCancellationRequested ? new OperationCanceledException(stopToken) : null));
        try
        {
            if (failure is not null)
            {
                _log.SweepFailed(failure);
            }

            loop.Done.TrySetResult();
        }
        catch (Exception ex)
        {
            // A logger that throws must not take the process down with the loop's thread: the reader gets it instead.
            loop.Done.TrySetException(ex);
        }
    }

    /// <summary>Everything the loop needs, handed from the pool thread to its own thread if it moves.</summary>
    private sealed record PollingLoop(PingSweep Sweep, IProbePoller Poller, PollingState State, ChannelWriter<PingResult> Writer, CancellationToken StopToken)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    // A probe whose deadline (the plan's timeout for its attempt) has passed without an answer.
    private void Expire(IProbePoller poller, PollingState state, long now)
    {
        while (state.Deadlines.TryDequeueDue(now, out var probe))
        {
            if (probe.Task.IsCompleted)
            {
                continue; // answered before its time was up
            }

            poller.Forget(probe);
            state.InFlight--;
            AttemptEnded(probe.Target!, probe.Address, probe.Attempt, ProbeOutcome.TimedOut, state);
        }
    }

    // Every attempt ends here (answered, decided by the send, or expired): the plan says whether the target is tried
    // again (queued ahead of new targets) or gets its result.
    private void AttemptEnded(string target, IPAddress address, int attempt, ProbeOutcome outcome, PollingState state)
    {
        if (_plan.TriesAgain(attempt, outcome))
        {
            state.Retries.Enqueue(new PollingState.Next(target, address, attempt + 1));
            return;
        }

        var result = SweepPlan.Result(target, address, attempt, outcome);
        Record(result);
        Interlocked.Increment(ref _unread);
        state.Ready.Add(result);
        ReportProgress(force: false);
    }

    private bool TrySendOne(IProbePoller poller, PollingState state, long now)
    {
        if (state.Held is null)
        {
            if (!state.TryTakeNext(out var next))
            {
                return false;
            }

            // The rate limit hands out send slots; a slot in the future holds this probe until then.
            state.Held = next;
            state.HeldUntil = _plan.ReserveSendSlot(now);
        }

        if (state.HeldUntil > now)
        {
            return false;
        }

        var (target, address, attempt) = state.Held.Value;
        state.Held = null;
        CountSent(now);
        var probe = poller.Send(address, out var immediate);
        probe.Target = target;
        probe.Attempt = attempt;
        if (immediate is { } outcome)
        {
            AttemptEnded(target, address, attempt, outcome, state);
        }
        else
        {
            state.InFlight++;
            state.Deadlines.Enqueue(probe, attempt, _plan.DeadlineOf(attempt, now));
            ReportProgress(force: false);
        }

        return true;
    }

    // Until the next deadline or send slot, at most MaxPollWait; zero when something can be sent now.
    private TimeSpan WaitTime(PollingState state, long now, int limit)
    {
        var wakeAt = now + MaxPollStamps;
        // A held probe's send slot counts only while it may be sent: with the result buffer full, a slot already due
        // would otherwise make every wait zero (a busy spin until the reader catches up).
        if (state.Held is not null && state.InFlight < limit && Volatile.Read(ref _unread) < ResultBufferSize)
        {
            wakeAt = Math.Min(wakeAt, state.HeldUntil);
        }

        if (state.Deadlines.TryPeekNext(out var deadline))
        {
            wakeAt = Math.Min(wakeAt, deadline);
        }

        return wakeAt <= now ? TimeSpan.Zero : _plan.Time.GetElapsedTime(now, wakeAt);
    }

    // Results go to the reader a burst at a time: a reader waiting on an empty channel is woken by each write, so one
    // write per result would cost a wake-up per answer (the thread-pool hand-off measured as most of a /24's overhead).
    private static void Publish(PollingState state, ChannelWriter<PingResult> writer)
    {
        foreach (var result in state.Ready)
        {
            writer.TryWrite(result); // unbounded: the loop stops sending while ResultBufferSize results wait to be read
        }

        state.Ready.Clear();
    }

    /// <summary>What the loop keeps between iterations; touched by the loop thread only.</summary>
    private sealed class PollingState(IEnumerator<IPAddress> targets, int attempts)
    {
        public readonly record struct Next(string Target, IPAddress Address, int Attempt);

        private bool _targetsLeft = true;

        public DeadlineQueues Deadlines { get; } = new(attempts);

        public Queue<Next> Retries { get; } = new();

        public int InFlight { get; set; }

        /// <summary>Results of this iteration, not yet handed to the reader.</summary>
        public List<PingResult> Ready { get; } = [];

        public Next? Held { get; set; }

        public long HeldUntil { get; set; }

        public bool Finished => InFlight == 0 && Held is null && Retries.Count == 0 && !_targetsLeft;

        /// <summary>A probe to send: retries first (they have waited longest), then the next target.</summary>
        public bool TryTakeNext(out Next next)
        {
            if (Retries.TryDequeue(out next))
            {
                return true;
            }

            if (_targetsLeft && targets.MoveNext())
            {
                next = new Next(targets.Current.ToString(), targets.Current, 1);
                return true;
            }

            if (_targetsLeft)
            {
                _targetsLeft = false;
                targets.Dispose();
            }

            return false;
        }
    }

    /// <summary>
    /// Probes waiting for their deadline. Every probe of one attempt number waits as long, so a first-in first-out
    /// queue per attempt number is already in deadline order (the loop's clock only moves forward); the next deadline
    /// is the earliest of the queues' heads. O(1) per probe, where a heap of a /16's probes cost a log factor.
    /// Answered probes stay queued until their deadline and are skipped then.
    /// </summary>
    private sealed class DeadlineQueues(int attempts)
    {
        private readonly Queue<(PendingProbe Probe, long Deadline)>[] _queues =
            Enumerable.Range(0, attempts).Select(_ => new Queue<(PendingProbe, long)>()).ToArray();

        public void Enqueue(PendingProbe probe, int attempt, long deadline) => _queues[attempt - 1].Enqueue((probe, deadline));

        public bool TryDequeueDue(long now, out PendingProbe probe)
        {
            foreach (var queue in _queues)
            {
                if (queue.TryPeek(out var head) && head.Deadline <= now)
                {
                    probe = queue.Dequeue().Probe;
                    return true;
                }
            }

            probe = null!;
            return false;
        }

        public bool TryPeekNext(out long deadline)
        {
            deadline = long.MaxValue;
            foreach (var queue in _queues)
            {
                if (queue.TryPeek(out var head) && head.Deadline < deadline)
                {
                    deadline = head.Deadline;
                }
            }

            return deadline != long.MaxValue;
        }
    }
}
