using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetPrimitives.Names;
using NetPrimitives.Ping.Engines;

namespace NetPrimitives.Ping;

/// <summary>
/// Sweeps many addresses with ICMP echo (or TCP connect) probes: one socket for the whole sweep, a rate limit,
/// fping-style retries with backoff, results streamed as they arrive.
/// </summary>
/// <example>
/// <code>
/// var sweeper = new PingSweeper(new PingSweeperOptions { Timeout = TimeSpan.FromMilliseconds(200), Retries = 1 });
/// await foreach (var result in sweeper.SweepAsync(PingTargets.Parse("127.0.0.0/29")))
///     Console.WriteLine(result);
/// </code>
/// </example>
public sealed class PingSweeper
{
    private readonly PingLog _log;
    private readonly Func<PingSweeperOptions, AddressFamily, (IPinger, string)> _selectEngine;
    private readonly ITargetResolver _resolver;

    /// <summary>Creates a sweeper.</summary>
    /// <param name="options">Timeout, retries, rate, engine; <see langword="null"/> for the defaults.</param>
    /// <param name="resolver">Resolves host-name targets (first address, IPv4 first); <see langword="null"/> for a default <see cref="HostResolver"/>.</param>
    /// <param name="logger">Optional logger (event ids 700-799).</param>
    public PingSweeper(PingSweeperOptions? options = null, IHostResolver? resolver = null, ILogger<PingSweeper>? logger = null)
        : this(options, logger, null, resolver is null ? new HostResolverTargetResolver(static () => new HostResolver()) : new HostResolverTargetResolver(resolver))
    {
    }

    internal PingSweeper(PingSweeperOptions? options, ILogger? logger, Func<PingSweeperOptions, AddressFamily, (IPinger, string)>? selectEngine,
        ITargetResolver resolver)
    {
        Options = options ?? new PingSweeperOptions();
        _log = new PingLog(logger ?? NullLogger.Instance);
        _resolver = resolver;
        _selectEngine = selectEngine ?? ((o, family) => PingerSelector.Select(o, family, o.TimeProvider, _log));
    }

    /// <summary>The options in force.</summary>
    public PingSweeperOptions Options { get; }

    /// <summary>
    /// Opens the engine (so <see cref="PingSweep.Engine"/> and its reason are known) and returns the sweep;
    /// probing starts when <see cref="PingSweep.ReadAllAsync"/> is enumerated.
    /// </summary>
    /// <param name="targets">What to sweep.</param>
    /// <param name="progress">Optional progress reports (at most every 50 ms, and once at the end).</param>
    /// <exception cref="PingEngineUnavailableException">
    /// A specific engine was asked for and cannot be opened, or (<see cref="PingEngine.PingClass"/>) cannot run here.
    /// </exception>
    public PingSweep Start(PingTargets targets, IProgress<SweepProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var family = targets.EnumerateAddresses().FirstOrDefault()?.AddressFamily ?? AddressFamily.InterNetwork;
        var (pinger, reason) = _selectEngine(Options, family);
        _log.EngineSelected(pinger.Engine, reason);
        return new PingSweep(targets, Options, pinger, reason, _resolver, progress, _log);
    }

    /// <summary>Starts a sweep and streams its results; the engine is closed when the enumeration ends.</summary>
    /// <param name="targets">What to sweep.</param>
    /// <param name="progress">Optional progress reports.</param>
    /// <param name="cancellationToken">Stops sending at once and ends the enumeration.</param>
    public async IAsyncEnumerable<PingResult> SweepAsync(PingTargets targets, IProgress<SweepProgress>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var sweep = Start(targets, progress);
        await using (sweep.ConfigureAwait(false))
        {
            await foreach (var result in sweep.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return result;
            }
        }
    }
}
