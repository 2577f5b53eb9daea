using System.Net;

namespace NetPrimitives.Ping.Icmp;

/// <summary>
/// A parsed ICMP message that may answer one of our probes. For errors, <see cref="Identifier"/>,
/// <see cref="Sequence"/> and <see cref="Payload"/> come from the echo request embedded in it
/// (RFC 792: original IP header + at least 64 bits of the datagram; Linux quotes more, RFC 1812 §4.3.2.3).
/// </summary>
internal readonly record struct IcmpMessage(
    IcmpMessageKind Kind,
    byte Type,
    byte Code,
    ushort Identifier,
    ushort Sequence,
    EchoPayload? Payload,
    int? Ttl,
    IPAddress? OriginalDestination);
