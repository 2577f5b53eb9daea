using System.Net;
using NetPrimitives.Ping;
using NetPrimitives.Ping.Engines;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.Tests.Ping;

/// <summary>The two ways a sweep runs: a task per target in flight (any engine), or one loop thread (polling engines).</summary>
public enum SweepPath
{
    PerProbe,
    Polling,
}

/// <summary>How the fake answers one address: on which attempt, with what, after how long on the fake clock; or at once from the send.</summary>
internal sealed record FakeReply(int AnswerOnAttempt, ProbeOutcome? Answer, TimeSpan Delay, ProbeOutcome? Immediate)
{
    public static FakeReply Silent { get; } = new(int.MaxValue, null, TimeSpan.Zero, null);

    public static FakeReply Alive(double rttMs = 0.25, int onAttempt = 1, double delayMs = 0) =>
        new(onAttempt, new ProbeOutcome(ProbeStatus.Alive, TimeSpan.FromMilliseconds(rttMs), 64), TimeSpan.FromMilliseconds(delayMs), null);

    public static FakeReply IcmpError(int type, int code, IPAddress reporter) =>
        new(1, new ProbeOutcome(ProbeStatus.Unreachable, IcmpType: type, IcmpCode: code, ReportedBy: reporter), TimeSpan.Zero, null);

    /// <summary>The send itself decides (no route), as IcmpSocketPinger does for EHOSTUNREACH.</summary>
    public static FakeReply NoRoute { get; } = new(int.MaxValue, null, TimeSpan.Zero, new ProbeOutcome(ProbeStatus.Unreachable));
}

/// <summary>One probe sent: at a timestamp of the fake clock; with the timeout the per-probe path hands the engine.</summary>
internal readonly record struct FakeSend(IPAddress Address, int Attempt, long At, TimeSpan? Timeout);

/// <summary>One probe given up on: forgotten by the polling loop, or timed out in the per-probe engine.</summary>
internal readonly record struct FakeExpiry(IPAddress Address, int Attempt, long At);

/// <summary>
/// A pinger without a network for either path of a sweep, driven by a per-address script and its own fake clock
/// (<see cref="Clock"/>). Per probe (<see cref="SweepPath.PerProbe"/>): ProbeAsync waits for the answer's delay or the
/// timeout on the fake clock. Polling: answers reach the sweep's sink from inside <see cref="Poll"/>, on the loop
/// thread, once per probe (a forgotten probe's answer is dropped, as IcmpSocketPinger's is); Poll parks like poll(2)
/// until the clock reaches the end of its wait or an answer's time, or until <see cref="Interrupt"/>.
/// </summary>
internal sealed partial class FakePinger : IPollingPinger, IProbePoller
{
    private readonly object _gate = new();
    private readonly SweepPath _path;
    private readonly Func<IPAddress, FakeReply> _script;
    private readonly List<FakeSend> _sends = [];
    private readonly List<FakeExpiry> _expiries = [];
    private readonly Dictionary<IPAddress, int> _attempts = [];
    private readonly List<(PendingProbe Probe, long DueAt, ProbeOutcome Outcome, int Order)> _answers = []; // polling
    private readonly List<(TaskCompletionSource<bool> Done, long DueAt, bool Answers)> _waits = [];        // per probe
    private readonly HashSet<PendingProbe> _inFlight = [];
    private readonly List<(int Id, bool IsPool)> _loopThreads = [];
    private Action<PendingProbe, ProbeOutcome>? _sink;
    private uint _nextId;
    private int _perProbeInFlight;
    private long _resumedAt;
    private bool _blocked;
    private long _blockedUntil;
    private bool _interrupted;
    private bool _progressSincePoll;
    private int _idleZeroPolls;
    private int _consumed;

    public FakePinger(SweepPath path, Func<IPAddress, FakeReply> script)
    {
        _path = path;
        _script = script;
        Conditions = new Conditions();
        Clock = new SignalingTimeProvider();
        Clock.Changed += Conditions.Changed;
        Clock.Moved += OnClockMoved;
    }

    public SignalingTimeProvider Clock { get; }

    public Conditions Conditions { get; }

    public PingEngine Engine => PingEngine.DatagramSocket;

    public int MaxConcurrency { get; init; } = 60_000;

    /// <summary>The Nth probe breaks the engine: Poll throws once N probes were sent, or the Nth ProbeAsync throws.</summary>
    public int? FailAfterSends { get; init; }

    /// <summary>Called after each send with the number of sends so far (on the loop thread, or in ProbeAsync).</summary>
    public Action<int>? OnSend { get; init; }

    /// <summary>
    /// While this says so, a Poll that would park moves the clock itself to the end of its wait instead: the loop
    /// alone drives time (for a test that reads and would otherwise have to move the clock between reads).
    /// </summary>
    public Func<bool>? AdvanceWhenParked { get; set; }

    public int TryStartPollingCalls { get; private set; }

    public int ProbeAsyncCalls { get; private set; }

    public int ForgetCalls { get; private set; }

    public int LateAnswersIgnored { get; private set; }

    public int PollerDisposed { get; private set; }

    public int PingerDisposed { get; private set; }

    public int SendsAfterDispose { get; private set; }

    public int PeakInFlight { get; private set; }

    public int PeakUnconsumed { get; private set; }

    /// <summary>Longest run of Poll(0) calls with nothing sent, expired or answered in between: a loop spinning.</summary>
    public int LongestIdleSpin { get; private set; }

    public IReadOnlyList<FakeSend> Sends => Locked(() => (IReadOnlyList<FakeSend>)[.. _sends]);

    public IReadOnlyList<FakeExpiry> Expiries => Locked(() => (IReadOnlyList<FakeExpiry>)[.. _expiries]);

    public int SendCount => Locked(() => _sends.Count);

    /// <summary>Polling: the loop is parked in Poll until the clock moves (or an interrupt).</summary>
    public bool IsParked => Locked(() => _blocked);

    /// <summary>The threads the loop's calls came from, in order: it may move once, from a pool thread to its own.</summary>
    public IReadOnlyList<(int Id, bool IsPool)> LoopThreads => Locked(() => (IReadOnlyList<(int, bool)>)[.. _loopThreads]);

    /// <summary>
    /// Waits until at least <paramref name="sends"/> probes were sent and the sweep waits on the clock: the loop parked
    /// in Poll, or (per probe) every probe parked and <paramref name="rateWaiters"/> tasks waiting for a send slot.
    /// </summary>
    public Task Settled(int sends, int rateWaiters = 0) => _path == SweepPath.Polling
        ? Conditions.Until(() => SendCount >= sends && IsParked, $"{sends} sends and the loop parked (at {SendCount}, parked {IsParked})")
        : Conditions.Until(() => SendCount >= sends && Clock.PendingTimers == rateWaiters, $"{sends} sends and {rateWaiters} rate waits (at {SendCount}, {Clock.PendingTimers})");

    /// <summary>Once the sweep has settled after <paramref name="sends"/> sends, moves the clock by <paramref name="ms"/>.</summary>
    public async Task AdvanceAfter(int sends, double ms, int rateWaiters = 0)
    {
        await Settled(sends, rateWaiters);
        Clock.Advance(TimeSpan.FromMilliseconds(ms));
    }

    /// <summary>A timestamp of the fake clock as milliseconds since <paramref name="start"/>.</summary>
    public static double Ms(long at, long start) => TimeSpan.FromTicks(at - start).TotalMilliseconds;

    /// <summary>Wakes a parked Poll (and the next one, if none is parked): as poll(2) returning early.</summary>
    public void Interrupt()
    {
        lock (_gate)
        {
            _interrupted = true;
            _blocked = false;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The test read a result: the loop may send again if it was waiting for room.</summary>
    public void ResultRead()
    {
        Interlocked.Increment(ref _consumed);
        Interrupt();
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            PingerDisposed++;
        }

        return ValueTask.CompletedTask;
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    // After every move of the clock: per-probe waits that are due end, and a Poll whose time has come wakes.
    private void OnClockMoved()
    {
        List<(TaskCompletionSource<bool> Done, bool Answers)> due = [];
        lock (_gate)
        {
            var now = Clock.GetTimestamp();
            for (var i = 0; i < _waits.Count; i++)
            {
                if (_waits[i].DueAt <= now)
                {
                    due.Add((_waits[i].Done, _waits[i].Answers));
                    _waits.RemoveAt(i--);
                }
            }

            if (_blocked && _blockedUntil <= now)
            {
                _blocked = false;
                Monitor.PulseAll(_gate);
            }
        }

        foreach (var (done, answers) in due)
        {
            done.TrySetResult(answers);
        }
    }

    private void Sent(int count)
    {
        Conditions.Changed();
        OnSend?.Invoke(count);
    }
}
