using System.Runtime.CompilerServices;
using System.Threading.Channels;
using NetPrimitives.Ping.Engines;

namespace NetPrimitives.Ping;

/// <summary>
/// One sweep, started by <see cref="PingSweeper.Start"/>: the engine is open, probes go out when
/// <see cref="ReadAllAsync"/> is first enumerated, and results stream as they are known (not in target order).
/// Cancelling the enumeration stops sending at once; <see cref="Summary"/> is set when the enumeration ends.
/// </summary>
public sealed partial class PingSweep : IAsyncDisposable
{
    private const int ResultBufferSize = 1_024;

    private readonly PingTargets _targets;
    private readonly PingSweeperOptions _options;
    private readonly IPinger _pinger;
    private readonly ITargetResolver _resolver;
    private readonly IProgress<SweepProgress>? _progress;
    private readonly PingLog _log;
    private readonly SweepPlan _plan;
    private readonly CancellationTokenSource _disposed = new();
    private int _started;
    private SweepSummary? _summary;

    internal PingSweep(PingTargets targets, PingSweeperOptions options, IPinger pinger, string engineReason,
        ITargetResolver resolver, IProgress<SweepProgress>? progress, PingLog log)
    {
        _targets = targets;
        _options = options;
        _metrics = PingMetrics.For(options.MeterFactory);
        _pinger = pinger;
        EngineReason = engineReason;
        _resolver = resolver;
        _progress = progress;
        _log = log;
        _plan = new SweepPlan(options, pinger.MaxConcurrency);
    }

    /// <summary>The engine in use.</summary>
    public PingEngine Engine => _pinger.Engine;

    /// <summary>Why this engine: asked for, or why the better ones were not available.</summary>
    public string EngineReason { get; }

    /// <summary>The number of targets.</summary>
    public long TargetCount => _targets.Count;

    /// <summary>The totals, once <see cref="ReadAllAsync"/> has ended (normally, by cancellation or by an error).</summary>
    /// <exception cref="InvalidOperationException">The sweep has not ended yet.</exception>
    public SweepSummary Summary => _summary ?? throw new InvalidOperationException("The sweep has not finished; read ReadAllAsync to the end first.");

    /// <summary>Runs the sweep and streams one result per target as soon as it is final. Can be enumerated once.</summary>
    /// <param name="cancellationToken">Stops sending at once and ends the enumeration with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="InvalidOperationException">Enumerated a second time.</exception>
    /// <exception cref="PingEngineUnavailableException">
    /// The engine stopped working during the sweep: <see cref="PingEngine.PingClass"/> without a ping utility for a target's family.
    /// </exception>
    public async IAsyncEnumerable<PingResult> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A sweep can be read once; start a new one to sweep again.");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        _log.SweepStarted(_targets.Count, Engine, _options.Timeout.TotalMilliseconds, _options.Retries, _options.RatePerSecond);
        // Started before the producer, whose tasks then run inside it.
        var activity = PingTracing.StartSweep(Engine, _targets.Count);
        var (results, producer) = StartProducer(stop.Token);
        try
        {
            await foreach (var result in results.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                Interlocked.Decrement(ref _unread);
                yield return result;
            }
        }
        finally
        {
            // Reached also when the caller breaks out early: stop sending, let in-flight probes end.
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            _summary = BuildSummary();
            _progress?.Report(Snapshot());
            _log.SweepFinished(_summary);
            if (activity is not null)
            {
                // A producer's failure completes the results with it (a caller who broke out early is no failure).
                var completion = results.Reader.Completion;
                PingTracing.StopSweep(activity, _summary, completion.IsFaulted ? completion.Exception?.InnerException : null);
            }
        }
    }

    // The one-thread loop where the engine can be polled (PingSweep.Polling.cs), else a task per target in flight
    // (PingSweep.Run.cs); both follow the same SweepPlan.
    private (Channel<PingResult> Results, Task Producer) StartProducer(CancellationToken stopToken)
    {
        if (CanPoll)
        {
            var results = Channel.CreateUnbounded<PingResult>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            var state = new PollingState(_targets.EnumerateAddresses().GetEnumerator(), _options.Retries + 1);
            IProbePoller? poller;
            try
            {
                poller = ((IPollingPinger)_pinger).TryStartPolling((probe, outcome) =>
                {
                    state.InFlight--;
                    AttemptEnded(probe.Target!, probe.Address, probe.Attempt, outcome, state);
                });
            }
            catch (ObjectDisposedException) when (stopToken.IsCancellationRequested)
            {
                // Disposed before it was read: the producer below ends at once as cancelled, and the summary is set.
                poller = null;
            }

            if (poller is not null)
            {
                var loop = new PollingLoop(this, poller, state, results.Writer, stopToken);
                StartPollingSweep(loop);
                return (results, loop.Done.Task);
            }
        }

        var bounded = Channel.CreateBounded<PingResult>(new BoundedChannelOptions(ResultBufferSize) { SingleReader = true });
        return (bounded, Task.Run(() => ProduceAsync(bounded.Writer, stopToken), CancellationToken.None));
    }

    /// <summary>Stops a running sweep and closes the engine's sockets.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_disposed.IsCancellationRequested)
        {
            await _disposed.CancelAsync().ConfigureAwait(false);
            await _pinger.DisposeAsync().ConfigureAwait(false);
        }
    }
}
