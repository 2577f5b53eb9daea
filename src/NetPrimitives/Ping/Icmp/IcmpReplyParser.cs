using System.Buffers.Binary;
using System.Net;

namespace NetPrimitives.Ping.Icmp;

/// <summary>
/// Pure parser for received ICMP datagrams. Returns <see langword="false"/> for anything that cannot be an
/// answer to an echo request (our own requests looped back, other types, truncated or corrupt packets):
/// a sweep ignores those and keeps reading.
/// </summary>
internal static partial class IcmpReplyParser
{
    private const int Ipv6HeaderSize = 40;
    private const byte IcmpV6NextHeader = 58;

    public static bool TryParse(ReadOnlySpan<byte> datagram, IcmpFraming framing, out IcmpMessage message)
    {
        message = default;
        int? ttl = null;
        var icmp = datagram;
        if (framing == IcmpFraming.Ipv4WithHeader)
        {
            if (!TryReadIpv4Header(datagram, out var headerLength, out var totalLength, out var protocol, out var ipTtl, out _)
                || protocol != 1 || totalLength > datagram.Length)
            {
                return false;
            }

            ttl = ipTtl;
            icmp = datagram[headerLength..totalLength];
        }

        if (icmp.Length < EchoRequest.HeaderSize)
        {
            return false;
        }

        // ICMPv6 checksums need the pseudo-header (RFC 4443 §2.3) and are verified by the kernel; the IPv4 one we check.
        if (framing != IcmpFraming.Ipv6 && !IcmpChecksum.IsValid(icmp))
        {
            return false;
        }

        var ipv6 = framing == IcmpFraming.Ipv6;
        var type = icmp[0];
        var code = icmp[1];
        var kind = Classify(type, ipv6);
        if (kind is null)
        {
            return false;
        }

        if (kind == IcmpMessageKind.EchoReply)
        {
            EchoPayload.TryRead(icmp[EchoRequest.HeaderSize..], out var payload);
            message = new IcmpMessage(kind.Value, type, code,
                BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]), BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]),
                icmp.Length >= EchoRequest.HeaderSize + EchoPayload.Size ? payload : null, ttl, null);
            return true;
        }

        return TryParseError(icmp[EchoRequest.HeaderSize..], kind.Value, type, code, ipv6, ttl, out message);
    }

    internal static IcmpMessageKind? Classify(byte type, bool ipv6) => (ipv6, type) switch
    {
        (false, 0) => IcmpMessageKind.EchoReply,
        (false, 3) => IcmpMessageKind.DestinationUnreachable,
        (false, 11) => IcmpMessageKind.TimeExceeded,
        (true, 129) => IcmpMessageKind.EchoReply,
        (true, 1) => IcmpMessageKind.DestinationUnreachable,
        (true, 3) => IcmpMessageKind.TimeExceeded,
        _ => null,
    };

    // The error quotes our datagram: its IP header, then our ICMP header (type must be echo request) and as much
    // of the payload as the router kept.
    private static bool TryParseError(ReadOnlySpan<byte> quoted, IcmpMessageKind kind, byte type, byte code, bool ipv6, int? ttl, out IcmpMessage message)
    {
        message = default;
        ReadOnlySpan<byte> inner;
        IPAddress destination;
        if (ipv6)
        {
            if (quoted.Length < Ipv6HeaderSize + EchoRequest.HeaderSize || (quoted[0] >> 4) != 6 || quoted[6] != IcmpV6NextHeader)
            {
                return false;
            }

            destination = new IPAddress(quoted.Slice(24, 16));
            inner = quoted[Ipv6HeaderSize..];
        }
        else
        {
            if (!TryReadIpv4Header(quoted, out var headerLength, out _, out var protocol, out _, out destination)
                || protocol != 1 || quoted.Length < headerLength + EchoRequest.HeaderSize)
            {
                return false;
            }

            inner = quoted[headerLength..];
        }

        return TryReadQuotedRequest(inner, kind, type, code, ipv6, ttl, destination, out message);
    }

    // The echo request an error carries (from its ICMP header on): identifier, sequence and, if quoted, our payload.
    private static bool TryReadQuotedRequest(ReadOnlySpan<byte> request, IcmpMessageKind kind, byte type, byte code, bool ipv6, int? ttl,
        IPAddress? destination, out IcmpMessage message)
    {
        message = default;
        if (request.Length < EchoRequest.HeaderSize || request[0] != (ipv6 ? EchoRequest.Ipv6Type : EchoRequest.Ipv4Type))
        {
            return false;
        }

        EchoPayload? payload = EchoPayload.TryRead(request[EchoRequest.HeaderSize..], out var p) ? p : null;
        message = new IcmpMessage(kind, type, code,
            BinaryPrimitives.ReadUInt16BigEndian(request[4..]), BinaryPrimitives.ReadUInt16BigEndian(request[6..]),
            payload, ttl, destination);
        return true;
    }

    // RFC 791 §3.1. The total length of a quoted header may exceed what was quoted, so the caller decides whether to check it.
    private static bool TryReadIpv4Header(ReadOnlySpan<byte> data, out int headerLength, out int totalLength, out byte protocol, out byte ttl, out IPAddress destination)
    {
        headerLength = totalLength = protocol = ttl = 0;
        destination = IPAddress.None;
        if (data.Length < 20 || (data[0] >> 4) != 4)
        {
            return false;
        }

        headerLength = (data[0] & 0x0F) * 4;
        totalLength = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if (headerLength < 20 || data.Length < headerLength || totalLength < headerLength)
        {
            return false;
        }

        ttl = data[8];
        protocol = data[9];
        destination = new IPAddress(data.Slice(16, 4));
        return true;
    }
}
