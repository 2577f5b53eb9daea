namespace NetPrimitives.Ping;

/// <summary>How <see cref="PingTargets"/> parses and bounds a target specification.</summary>
public sealed class PingTargetOptions
{
    /// <summary>The default limit on the number of targets of one sweep: 65,536.</summary>
    public const long DefaultMaxTargets = 65_536;

    /// <summary>
    /// The largest number of addresses a specification may describe. Default 65,536 (an IPv4 /16).
    /// Raise it explicitly to sweep more. Must be at least 1.
    /// </summary>
    public long MaxTargets
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxTargets), value, "MaxTargets must be at least 1.");
    } = DefaultMaxTargets;

    /// <summary>
    /// Whether the network and broadcast addresses of an IPv4 CIDR block shorter than /31 are swept.
    /// Default <see langword="false"/> (like fping -g): 10.0.0.0/24 gives 10.0.0.1 - 10.0.0.254.
    /// /31 and /32 (RFC 3021) and IPv6 prefixes are always swept whole.
    /// </summary>
    public bool IncludeNetworkAndBroadcast { get; init; }

    /// <summary>The longest specification string accepted, in characters. Default 65,536. Must be at least 1.</summary>
    public int MaxSpecificationLength
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxSpecificationLength), value, "MaxSpecificationLength must be at least 1.");
    } = 65_536;

    /// <summary>The largest number of list entries (addresses, blocks, ranges, names) accepted. Default 4,096. Must be at least 1.</summary>
    public int MaxEntries
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxEntries), value, "MaxEntries must be at least 1.");
    } = 4_096;

    internal static PingTargetOptions Default { get; } = new();
}
