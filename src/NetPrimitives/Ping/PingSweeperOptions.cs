using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;
using System.Globalization;

namespace NetPrimitives.Ping;

/// <summary>
/// Settings of a <see cref="PingSweeper"/>. Timeout, retries and backoff follow fping's model (-t, -r, -B):
/// attempt n waits <c>Timeout * BackoffFactor^(n-1)</c> for its answer. Invalid values throw at construction.
/// </summary>
public sealed class PingSweeperOptions
{
    /// <summary>How long the first attempt waits for an answer. Default 500 ms (fping -t). 1 ms to 1 minute.</summary>
    public TimeSpan Timeout
    {
        get;
        init => field = value >= TimeSpan.FromMilliseconds(1) && value <= TimeSpan.FromMinutes(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Timeout), value, "Timeout must be between 1 ms and 1 minute.");
    } = TimeSpan.FromMilliseconds(500);

    /// <summary>Extra attempts after the first for a target that does not answer. Default 3 (fping -r). 0 to 20.</summary>
    public int Retries
    {
        get;
        init => field = InRange(value, 0, 20, nameof(Retries));
    } = 3;

    /// <summary>Each retry waits this many times longer than the previous attempt. Default 1.5 (fping -B). 1.0 to 5.0.</summary>
    public double BackoffFactor
    {
        get;
        init => field = value is >= 1.0 and <= 5.0 ? value : throw new ArgumentOutOfRangeException(nameof(BackoffFactor), value, "BackoffFactor must be 1.0 to 5.0.");
    } = 1.5;

    /// <summary>
    /// Probes per second, retries included (a token bucket with 10 ms of burst). Default 1,000.
    /// 0 means unlimited (only <see cref="MaxConcurrency"/> bounds the sweep): use it on loopback or a lab network only.
    /// </summary>
    public int RatePerSecond
    {
        get;
        init => field = InRange(value, 0, 1_000_000, nameof(RatePerSecond));
    } = 1_000;

    /// <summary>
    /// Targets probed at the same time (awaiting an answer). Default 4,096; the <see cref="PingEngine.PingClass"/>
    /// engine uses at most <see cref="PingClassConcurrency"/>. 1 to 60,000 (the 16-bit ICMP sequence space must not wrap in flight).
    /// </summary>
    public int MaxConcurrency
    {
        get;
        init => field = InRange(value, 1, 60_000, nameof(MaxConcurrency));
    } = 4_096;

    /// <summary>Concurrent requests of the <see cref="PingEngine.PingClass"/> fallback, which costs a socket or process each. Default 64. 1 to 1,024.</summary>
    public int PingClassConcurrency
    {
        get;
        init => field = InRange(value, 1, 1_024, nameof(PingClassConcurrency));
    } = 64;

    /// <summary>Bytes of ICMP data after the 8-byte header (fping -b). Default 56. 20 (our nonce, probe number and timestamp) to 1,472.</summary>
    public int PayloadSize
    {
        get;
        init => field = InRange(value, 20, 1_472, nameof(PayloadSize));
    } = 56;

    /// <summary>Which engine to use. Default <see cref="PingEngine.Auto"/>.</summary>
    public PingEngine Engine { get; init; } = PingEngine.Auto;

    /// <summary>Ports the <see cref="PingEngine.TcpConnect"/> engine tries. Default 80 and 443. Each 1 to 65535; at least one.</summary>
    public IReadOnlyList<int> TcpPorts
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count == 0 || value.Any(p => p is < 1 or > 65_535))
            {
                throw new ArgumentOutOfRangeException(nameof(TcpPorts), "TcpPorts needs at least one port, each 1 to 65535.");
            }

            field = value.ToArray();
        }
    } = [80, 443];

    /// <summary>
    /// The clock of attempt timeouts, retries, the rate limit, progress intervals and <see cref="SweepSummary.Elapsed"/>;
    /// default <see cref="TimeProvider.System"/> (tests pass a fake one). Round-trip times are measured by the engines with
    /// <see cref="System.Diagnostics.Stopwatch"/>. Not <see langword="null"/>.
    /// </summary>
    public TimeProvider TimeProvider
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(TimeProvider));
    } = TimeProvider.System;

    /// <summary>
    /// Where the instruments come from: with a factory (an app's <see cref="IMeterFactory"/> from dependency injection),
    /// the sweeper creates its meter (<see cref="NetPrimitivesDiagnostics.Ping"/>) through it, so its listeners see these
    /// measurements apart from other factories'. Default <see langword="null"/>: the process-wide meter of that name.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    private static int InRange(int value, int min, int max, string name) => value >= min && value <= max
        ? value
        : throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be {min:N0} to {max:N0}."));
}
