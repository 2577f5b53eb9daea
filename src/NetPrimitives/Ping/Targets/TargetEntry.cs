namespace NetPrimitives.Ping.Targets;

/// <summary>One parsed entry of a target list: an address range, or a host name to resolve at sweep time.</summary>
internal readonly record struct TargetEntry(string Text, AddressRange? Range, string? HostName)
{
    /// <summary>A host name counts as one target (its first address is swept, like fping).</summary>
    public UInt128 Count => Range?.Count ?? 1;
}
