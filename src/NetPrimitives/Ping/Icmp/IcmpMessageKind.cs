namespace NetPrimitives.Ping.Icmp;

/// <summary>The received ICMP messages a sweep cares about.</summary>
internal enum IcmpMessageKind
{
    /// <summary>Echo reply (RFC 792 type 0, RFC 4443 type 129).</summary>
    EchoReply,

    /// <summary>Destination unreachable (RFC 792 type 3, RFC 4443 type 1) carrying our echo request.</summary>
    DestinationUnreachable,

    /// <summary>Time exceeded (RFC 792 type 11, RFC 4443 type 3) carrying our echo request.</summary>
    TimeExceeded,
}
