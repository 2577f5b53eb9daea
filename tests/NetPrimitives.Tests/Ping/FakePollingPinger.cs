using System.Diagnostics;
using System.Net;
using NetPrimitives.Ping;
using NetPrimitives.Ping.Engines;

namespace NetPrimitives.Tests.Ping;

/// <summary>How the fake answers one address: on which attempt, with what, after how long; or at once from Send.</summary>
internal sealed record FakeReply(int AnswerOnAttempt, ProbeOutcome? Answer, TimeSpan Delay, ProbeOutcome? Immediate)
{
    /// <summary>Answers are held until the address has been sent this attempt (a late answer, by order not by clock).</summary>
    public int HeldUntilAttempt { get; init; }

    public static FakeReply Silent { get; } = new(int.MaxValue, null, TimeSpan.Zero, null);

    public static FakeReply Alive(double rttMs = 0.25, int onAttempt = 1, double delayMs = 0) =>
        new(onAttempt, new ProbeOutcome(ProbeStatus.Alive, TimeSpan.FromMilliseconds(rttMs), 64), TimeSpan.FromMilliseconds(delayMs), null);

    public static FakeReply IcmpError(int type, int code, IPAddress reporter) =>
        new(1, new ProbeOutcome(ProbeStatus.Unreachable, IcmpType: type, IcmpCode: code, ReportedBy: reporter), TimeSpan.Zero, null);

    /// <summary>The send itself decides (no route), as IcmpSocketPinger.Send does for EHOSTUNREACH.</summary>
    public static FakeReply NoRoute { get; } = new(int.MaxValue, null, TimeSpan.Zero, new ProbeOutcome(ProbeStatus.Unreachable));
}

/// <summary>One call of <see cref="IProbePoller.Send"/>.</summary>
/// <param name="LoopResumedAt">
/// When the fake last handed control back to the loop (end of the previous Poll, or TryStartPolling): the loop's own
/// clock reading for this send, from which it counts the probe's timeout, is no earlier than this.
/// </param>
internal readonly record struct FakeSend(IPAddress Address, int Attempt, long At, long LoopResumedAt);

/// <summary>
/// A polling pinger without a network, driven by a per-address script. Answers are handed to the sweep's sink from
/// inside <see cref="Poll"/>, on the loop thread, once per probe (the probe is completed first, as IcmpSocketPinger's
/// Complete does, so an answer to a forgotten probe is dropped). Poll sleeps until the next answer is due, never
/// longer than the wait it is given, so timeouts run in real time.
/// </summary>
internal sealed class FakePollingPinger(Func<IPAddress, FakeReply> script) : IPollingPinger, IProbePoller
{
    private readonly Lock _lock = new();
    private readonly List<FakeSend> _sends = [];
    private readonly Dictionary<IPAddress, int> _attempts = [];
    private readonly List<(PendingProbe Probe, long DueAt, ProbeOutcome Outcome, int Order, int HeldUntilAttempt)> _due = [];
    private readonly HashSet<PendingProbe> _inFlight = [];
    private readonly List<(int Id, bool IsPool)> _loopThreads = []; // each thread the loop ran on, in order
    private Action<PendingProbe, ProbeOutcome>? _sink;
    private uint _nextId;
    private long _loopResumedAt;
    private bool _sentSincePoll;
    private int _idleZeroPolls;

    public PingEngine Engine => PingEngine.DatagramSocket;

    public int MaxConcurrency { get; init; } = 60_000;

    /// <summary>False: TryStartPolling returns null, as on a pinger that cannot poll.</summary>
    public bool PollingAvailable { get; init; } = true;

    /// <summary>Answers are held until this many probes were sent, then delivered together.</summary>
    public int HoldAnswersUntilSent { get; init; }

    /// <summary>Delivers the answers of one Poll newest send first.</summary>
    public bool ReverseOrder { get; init; }

    /// <summary>Poll throws IOException once this many probes were sent (a socket that broke).</summary>
    public int? FailPollAfterSends { get; init; }

    /// <summary>Called on the loop thread after each send with the number of sends so far.</summary>
    public Action<int>? OnSend { get; init; }

    /// <summary>Results the test has read; the fake tracks the peak of sends minus this.</summary>
    public int Consumed;

    public int TryStartPollingCalls { get; private set; }

    public int ProbeAsyncCalls;

    public int ForgetCalls { get; private set; }

    public int LateAnswersIgnored { get; private set; }

    public int PollerDisposed { get; private set; }

    public int PingerDisposed { get; private set; }

    public int PeakInFlight { get; private set; }

    public int PeakUnconsumed { get; private set; }

    public int PollCalls { get; private set; }

    /// <summary>Longest run of Poll(0) calls with nothing sent, expired or answered in between: a loop spinning.</summary>
    public int LongestIdleSpin { get; private set; }

    public IReadOnlyList<FakeSend> Sends
    {
        get
        {
            lock (_lock)
            {
                return [.. _sends];
            }
        }
    }

    public int SendCount
    {
        get
        {
            lock (_lock)
            {
                return _sends.Count;
            }
        }
    }

    /// <summary>The threads the loop's calls came from, in order: it may move once, from a pool thread to its own.</summary>
    public IReadOnlyList<(int Id, bool IsPool)> LoopThreads
    {
        get
        {
            lock (_lock)
            {
                return [.. _loopThreads];
            }
        }
    }

    // Called under _lock.
    private void NoteThread()
    {
        var id = Environment.CurrentManagedThreadId;
        if (_loopThreads.Count == 0 || _loopThreads[^1].Id != id)
        {
            _loopThreads.Add((id, Thread.CurrentThread.IsThreadPoolThread));
        }
    }

    public IProbePoller? TryStartPolling(Action<PendingProbe, ProbeOutcome> sink)
    {
        lock (_lock)
        {
            TryStartPollingCalls++;
            if (!PollingAvailable)
            {
                return null;
            }

            _sink = sink;
            _loopResumedAt = Stopwatch.GetTimestamp();
            return this;
        }
    }

    public PendingProbe Send(IPAddress address, out ProbeOutcome? immediate)
    {
        int count;
        PendingProbe probe;
        lock (_lock)
        {
            NoteThread();
            var now = Stopwatch.GetTimestamp();
            var attempt = _attempts[address] = _attempts.GetValueOrDefault(address) + 1;
            var reply = script(address);
            probe = new PendingProbe(address) { ProbeId = ++_nextId, SentAt = now };
            _sends.Add(new FakeSend(address, attempt, now, _loopResumedAt));
            count = _sends.Count;
            _sentSincePoll = true;
            PeakUnconsumed = Math.Max(PeakUnconsumed, count - Volatile.Read(ref Consumed));
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
                    _due.Add((probe, now + Ticks(reply.Delay), answer, count, reply.HeldUntilAttempt));
                }
            }
        }

        OnSend?.Invoke(count);
        return probe;
    }

    public void Forget(PendingProbe probe)
    {
        lock (_lock)
        {
            NoteThread();
            ForgetCalls++;
            _sentSincePoll = true; // an expiry is progress, not spinning
            probe.TrySetResult(ProbeOutcome.TimedOut);
            _inFlight.Remove(probe);
        }
    }

    public void Poll(TimeSpan wait)
    {
        List<(PendingProbe Probe, ProbeOutcome Outcome)> ready;
        var sleepMs = 0;
        lock (_lock)
        {
            NoteThread();
            PollCalls++;
            if (FailPollAfterSends is { } failAt && _sends.Count >= failAt)
            {
                throw new IOException("socket broke");
            }

            ready = TakeReady(Stopwatch.GetTimestamp());
            if (ready.Count == 0 && wait > TimeSpan.Zero)
            {
                // Like poll(2): back when the first answer is due, or when the wait is over; never later than asked.
                var ms = Math.Floor(wait.TotalMilliseconds);
                if (NextDue() is { } due)
                {
                    ms = Math.Min(ms, Math.Max(0, Math.Ceiling(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due).TotalMilliseconds)));
                }

                sleepMs = (int)ms;
            }
        }

        if (ready.Count == 0 && wait > TimeSpan.Zero)
        {
            Thread.Sleep(sleepMs);
            lock (_lock)
            {
                ready = TakeReady(Stopwatch.GetTimestamp());
            }
        }

        lock (_lock)
        {
            var idle = wait == TimeSpan.Zero && !_sentSincePoll && ready.Count == 0;
            _idleZeroPolls = idle ? _idleZeroPolls + 1 : 0;
            LongestIdleSpin = Math.Max(LongestIdleSpin, _idleZeroPolls);
            _sentSincePoll = false;
        }

        foreach (var (probe, outcome) in ready)
        {
            // Once per probe, as the real pinger: a probe the sweep forgot is already complete.
            if (probe.TrySetResult(outcome))
            {
                lock (_lock)
                {
                    _inFlight.Remove(probe);
                }

                _sink!(probe, outcome);
            }
            else
            {
                lock (_lock)
                {
                    LateAnswersIgnored++;
                }
            }
        }

        lock (_lock)
        {
            _loopResumedAt = Stopwatch.GetTimestamp();
        }
    }

    public async ValueTask<ProbeOutcome> ProbeAsync(IPAddress address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref ProbeAsyncCalls);
        int attempt;
        FakeReply reply;
        lock (_lock)
        {
            attempt = _attempts[address] = _attempts.GetValueOrDefault(address) + 1;
            reply = script(address);
        }

        if (reply.Immediate is { } immediate)
        {
            return immediate;
        }

        if (reply.Answer is { } answer && attempt >= reply.AnswerOnAttempt && reply.Delay < timeout)
        {
            await Task.Delay(reply.Delay, cancellationToken);
            return answer;
        }

        await Task.Delay(timeout, cancellationToken);
        return ProbeOutcome.TimedOut;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            PollerDisposed++;
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            PingerDisposed++;
        }

        return ValueTask.CompletedTask;
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private List<(PendingProbe, ProbeOutcome)> TakeReady(long now)
    {
        var ready = new List<(PendingProbe Probe, ProbeOutcome Outcome, int Order)>();
        if (_sends.Count < HoldAnswersUntilSent)
        {
            return [];
        }

        for (var i = _due.Count - 1; i >= 0; i--)
        {
            if (_due[i].DueAt <= now && _attempts[_due[i].Probe.Address] >= _due[i].HeldUntilAttempt)
            {
                ready.Add((_due[i].Probe, _due[i].Outcome, _due[i].Order));
                _due.RemoveAt(i);
            }
        }

        var ordered = ReverseOrder ? ready.OrderByDescending(r => r.Order) : ready.OrderBy(r => r.Order);
        return [.. ordered.Select(r => (r.Probe, r.Outcome))];
    }

    private long? NextDue() => _sends.Count < HoldAnswersUntilSent || _due.Count == 0 ? null : _due.Min(d => d.DueAt); // held ones too: an early wake-up is harmless
}
