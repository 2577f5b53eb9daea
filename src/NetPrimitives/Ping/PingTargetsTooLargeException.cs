namespace NetPrimitives.Ping;

/// <summary>
/// The targets add up to more addresses than <see cref="PingTargetOptions.MaxTargets"/>. The count is computed
/// from the specification before anything is enumerated, so an IPv6 /64 is refused without being allocated.
/// </summary>
/// <param name="count">The number of addresses the specification describes (saturated at <see cref="UInt128.MaxValue"/>).</param>
/// <param name="limit">The limit in force.</param>
public sealed class PingTargetsTooLargeException(UInt128 count, long limit)
    : InvalidOperationException($"The targets describe {count} addresses, more than the limit of {limit}; raise PingTargetOptions.MaxTargets to sweep them.")
{
    /// <summary>The number of addresses the specification describes (saturated at <see cref="UInt128.MaxValue"/>).</summary>
    public UInt128 Count { get; } = count;

    /// <summary>The limit that was in force.</summary>
    public long Limit { get; } = limit;
}
