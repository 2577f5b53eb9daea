using System.Net;

namespace NetPrimitives.Ping.Icmp;

/// <summary>ICMP errors as a Linux datagram ("ping") socket's error queue hands them over.</summary>
internal static partial class IcmpReplyParser
{
    /// <summary>
    /// An ICMP error read from the error queue (ip(7) IP_RECVERR): the kernel has already parsed the ICMP and IP
    /// headers into <paramref name="type"/>, <paramref name="code"/> and the original destination, and returns the
    /// quoted echo request from its ICMP header on as the data. Same result as <see cref="TryParse"/> on the packet
    /// itself; <see langword="false"/> for other types and for anything that is not our echo request.
    /// </summary>
    public static bool TryParseQueuedError(byte type, byte code, ReadOnlySpan<byte> returnedRequest, IPAddress? originalDestination, bool ipv6,
        out IcmpMessage message)
    {
        message = default;
        var kind = Classify(type, ipv6);
        if (kind is null or IcmpMessageKind.EchoReply)
        {
            return false;
        }

        return TryReadQuotedRequest(returnedRequest, kind.Value, type, code, ipv6, null, originalDestination, out message);
    }
}
