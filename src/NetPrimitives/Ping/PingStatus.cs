namespace NetPrimitives.Ping;

/// <summary>The outcome for one target of a sweep.</summary>
public enum PingStatus
{
    /// <summary>An echo reply arrived (or, for the TCP probe, a port connected or refused).</summary>
    Alive,

    /// <summary>No answer to any attempt within its timeout.</summary>
    TimedOut,

    /// <summary>An ICMP destination-unreachable or time-exceeded came back; see <see cref="PingResult.IcmpType"/> and <see cref="PingResult.IcmpCode"/>.</summary>
    Unreachable,

    /// <summary>A host name target could not be resolved; see <see cref="PingResult.Error"/>.</summary>
    NameNotResolved,
}
