namespace NetPrimitives.Ping;

/// <summary>The totals of a finished (or cancelled) sweep.</summary>
public sealed class SweepSummary
{
    /// <summary>The engine used.</summary>
    public required PingEngine Engine { get; init; }

    /// <summary>Targets in the sweep.</summary>
    public required long Targets { get; init; }

    /// <summary>Targets that got a final result (less than <see cref="Targets"/> when cancelled).</summary>
    public required long Completed { get; init; }

    /// <summary>Targets that answered.</summary>
    public required long Alive { get; init; }

    /// <summary>Targets that never answered.</summary>
    public required long TimedOut { get; init; }

    /// <summary>Targets reported unreachable by ICMP.</summary>
    public required long Unreachable { get; init; }

    /// <summary>Host names that did not resolve.</summary>
    public required long NotResolved { get; init; }

    /// <summary>Probes sent, retries included.</summary>
    public required long ProbesSent { get; init; }

    /// <summary>Time from the first probe to the last result, on <see cref="PingSweeperOptions.TimeProvider"/> (the wall clock by default).</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Whether the sweep was cancelled before every target had a result.</summary>
    public required bool Cancelled { get; init; }

    /// <summary>Smallest round-trip time among alive targets.</summary>
    public TimeSpan? MinRoundTripTime { get; init; }

    /// <summary>Mean round-trip time among alive targets.</summary>
    public TimeSpan? AverageRoundTripTime { get; init; }

    /// <summary>Largest round-trip time among alive targets.</summary>
    public TimeSpan? MaxRoundTripTime { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Targets} targets, {Alive} alive, {TimedOut} timed out, {Unreachable} unreachable"
        + (NotResolved > 0 ? $", {NotResolved} not resolved" : string.Empty)
        + $", {ProbesSent} probes in {Elapsed.TotalSeconds:F3} s ({Engine})"
        + (Cancelled ? ", cancelled" : string.Empty);
}
