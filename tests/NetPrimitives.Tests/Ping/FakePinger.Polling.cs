using System.Net;
using NetPrimitives.Ping.Engines;

namespace NetPrimitives.Tests.Ping;

/// <summary>The polling side: the loop's sends, forgets and polls, each noted with the thread it came from.</summary>
internal sealed partial class FakePinger
{
    /// <summary>False: TryStartPolling returns null, as on a pinger that cannot poll (the per-probe path).</summary>
    private bool PollingAvailable => _path == SweepPath.Polling;

    public IProbePoller? TryStartPolling(Action<PendingProbe, ProbeOutcome> sink)
    {
        lock (_gate)
        {
            TryStartPollingCalls++;
            if (!PollingAvailable)
            {
                return null;
            }

            _sink = sink;
            _resumedAt = Clock.GetTimestamp();
            return this;
        }
    }

    public PendingProbe Send(IPAddress address, out ProbeOutcome? immediate)
    {
        int count;
        PendingProbe probe;
        lock (_gate)
        {
            NoteThread();
            SendsAfterDispose += PollerDisposed > 0 ? 1 : 0;
            var now = Clock.GetTimestamp();
            var attempt = _attempts[address] = _attempts.GetValueOrDefault(address) + 1;
            var reply = _script(address);
            probe = new PendingProbe(address) { ProbeId = ++_nextId, SentAt = now };
            _sends.Add(new FakeSend(address, attempt, now, null));
            count = _sends.Count;
            _progressSincePoll = true;
            PeakUnconsumed = Math.Max(PeakUnconsumed, count - Volatile.Read(ref _consumed));
            immediate = reply.Immediate;
            if (reply.Immediate is { } outcome)
            {
                probe.TrySetResult(outcome);
            }
            else
            {
                _inFlight.Add(probe);
                PeakInFlight = Math.Max(PeakInFlight, _inFlight.Count);
                if (reply.Answer is { } answer && attempt >= reply.AnswerOnAttempt)
                {
                    _answers.Add((probe, now + reply.Delay.Ticks, answer, count));
                }
            }
        }

        Sent(count);
        return probe;
    }

    public void Forget(PendingProbe probe)
    {
        lock (_gate)
        {
            NoteThread();
            ForgetCalls++;
            _progressSincePoll = true; // an expiry is progress, not spinning
            probe.TrySetResult(ProbeOutcome.TimedOut);
            _inFlight.Remove(probe);
            _expiries.Add(new FakeExpiry(probe.Address, probe.Attempt, Clock.GetTimestamp()));
        }

        Conditions.Changed();
    }

    public void Poll(TimeSpan wait)
    {
        List<(PendingProbe Probe, ProbeOutcome Outcome)> ready;
        lock (_gate)
        {
            NoteThread();
            if (FailAfterSends is { } failAt && _sends.Count >= failAt)
            {
                throw new IOException("socket broke");
            }

            // The loop read the clock when the last Poll returned: its wait runs from there.
            var until = _resumedAt + wait.Ticks;
            while (true)
            {
                var now = Clock.GetTimestamp();
                ready = TakeReady(now);
                if (ready.Count > 0 || wait <= TimeSpan.Zero || now >= until || _interrupted)
                {
                    break;
                }

                var wakeAt = Math.Min(until, NextAnswerDue());
                if (AdvanceWhenParked?.Invoke() == true)
                {
                    Clock.Advance(TimeSpan.FromTicks(wakeAt - now));
                    continue;
                }

                _blocked = true;
                _blockedUntil = wakeAt;
                Conditions.Changed();
                if (!Monitor.Wait(_gate, SweepTestKit.Deadline))
                {
                    throw new TimeoutException("The fake poll was never woken: the test did not move the clock.");
                }
            }

            _blocked = false;
            _interrupted = false;
            var idle = wait == TimeSpan.Zero && !_progressSincePoll && ready.Count == 0;
            _idleZeroPolls = idle ? _idleZeroPolls + 1 : 0;
            LongestIdleSpin = Math.Max(LongestIdleSpin, _idleZeroPolls);
            _progressSincePoll = false;
        }

        foreach (var (probe, outcome) in ready)
        {
            // Once per probe, as the real pinger: a probe the sweep forgot is already complete.
            if (probe.TrySetResult(outcome))
            {
                lock (_gate)
                {
                    _inFlight.Remove(probe);
                }

                _sink!(probe, outcome);
            }
            else
            {
                lock (_gate)
                {
                    LateAnswersIgnored++;
                }
            }
        }

        lock (_gate)
        {
            _resumedAt = Clock.GetTimestamp();
        }

        Conditions.Changed();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            PollerDisposed++;
        }

        Conditions.Changed();
    }

    // Called under _gate.
    private void NoteThread()
    {
        var id = Environment.CurrentManagedThreadId;
        if (_loopThreads.Count == 0 || _loopThreads[^1].Id != id)
        {
            _loopThreads.Add((id, Thread.CurrentThread.IsThreadPoolThread));
        }
    }

    // Called under _gate: the answers due by now, in the order they fell due (then sent).
    private List<(PendingProbe, ProbeOutcome)> TakeReady(long now)
    {
        var ready = _answers.Where(a => a.DueAt <= now).OrderBy(a => a.DueAt).ThenBy(a => a.Order).ToList();
        _answers.RemoveAll(a => a.DueAt <= now);
        return [.. ready.Select(a => (a.Probe, a.Outcome))];
    }

    private long NextAnswerDue() => _answers.Count == 0 ? long.MaxValue : _answers.Min(a => a.DueAt);
}
