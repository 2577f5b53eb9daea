using System.Net;

namespace NetPrimitives.Ping.Engines;

/// <summary>What happened to one probe.</summary>
internal enum ProbeStatus
{
    Alive,
    TimedOut,
    Unreachable,
}

/// <summary>The answer to one probe.</summary>
internal readonly record struct ProbeOutcome(ProbeStatus Status, TimeSpan RoundTripTime = default, int? Ttl = null,
    int? IcmpType = null, int? IcmpCode = null, IPAddress? ReportedBy = null)
{
    public static ProbeOutcome TimedOut { get; } = new(ProbeStatus.TimedOut);
}
