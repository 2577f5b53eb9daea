namespace NetPrimitives.Ping;

/// <summary>Why a target specification was rejected by <see cref="PingTargets.Parse(string, PingTargetOptions?)"/>.</summary>
public enum PingTargetError
{
    /// <summary>The specification (or one entry of a list) is empty.</summary>
    Empty,

    /// <summary>The specification is longer than <see cref="PingTargetOptions.MaxSpecificationLength"/> characters, or has more entries than <see cref="PingTargetOptions.MaxEntries"/>.</summary>
    TooLong,

    /// <summary>An address is not a valid IPv4 dotted quad or IPv6 address (IPv4 octets in octal or with leading zeros are refused).</summary>
    InvalidAddress,

    /// <summary>A CIDR prefix length is not a number within 0-32 (IPv4) or 0-128 (IPv6).</summary>
    InvalidPrefix,

    /// <summary>A range is malformed: <c>a.b.c.d-e</c> needs 0 &lt;= e &lt;= 255, <c>a-b</c> needs two addresses.</summary>
    InvalidRange,

    /// <summary>A range ends before it starts.</summary>
    ReversedRange,

    /// <summary>A range mixes an IPv4 and an IPv6 address.</summary>
    MixedFamilies,

    /// <summary>A host name breaks RFC 1123 rules (labels of 1-63 letters, digits and hyphens; at most 253 characters).</summary>
    InvalidHostName,
}
