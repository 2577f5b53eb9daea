using System.Runtime.InteropServices;

namespace NetPrimitives.Sockets.Linux;

// Pure readers of the ancillary (control) messages recvmsg(2) returns besides the data, as 64-bit Linux lays them
// out, in host byte order. Anything short, truncated or of another kind is ignored (null / false), never an
// exception: the receive loop then treats the packet as it would without the extra information.
internal static class ControlMessages
{
    // netinet/in.h (linux/in.h, linux/in6.h): levels and option / control-message types.
    public const int SolIp = 0;        // IPPROTO_IP
    public const int SolIpv6 = 41;     // IPPROTO_IPV6
    public const int IpTtl = 2;        // cmsg type carrying the TTL (int), requested with IP_RECVTTL
    public const int IpRecvErr = 11;   // socket option, and the cmsg type of error-queue entries
    public const int IpRecvTtl = 12;
    public const int Ipv6RecvErr = 25;
    public const int Ipv6RecvHopLimit = 51;
    public const int Ipv6HopLimit = 52; // cmsg type carrying the hop limit (int)

    // bits/socket.h: struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } then the data at
    // CMSG_ALIGN(sizeof(struct cmsghdr)); each message starts CMSG_ALIGN(cmsg_len) after the previous one.
    private const int CmsgHeaderSize = 16;
    private const int CmsgAlignment = 8; // sizeof(size_t)

    // linux/errqueue.h: struct sock_extended_err { __u32 ee_errno; __u8 ee_origin, ee_type, ee_code, ee_pad;
    // __u32 ee_info; __u32 ee_data; }; SO_EE_OFFENDER(ee) is the sockaddr right after it.
    private const int ExtendedErrorSize = 16;

    /// <summary>The IPv4 TTL (IP_TTL) or IPv6 hop limit (IPV6_HOPLIMIT) control message, if present and sane (0-255).</summary>
    public static int? ReadHopLimit(ReadOnlySpan<byte> control, bool ipv6)
    {
        if (!TryFind(control, ipv6 ? SolIpv6 : SolIp, ipv6 ? Ipv6HopLimit : IpTtl, out var data) || data.Length < sizeof(int))
        {
            return null;
        }

        var value = MemoryMarshal.Read<int>(data);
        return value is >= 0 and <= 255 ? value : null;
    }

    /// <summary>The error-queue entry (IP_RECVERR / IPV6_RECVERR control message) of a MSG_ERRQUEUE read.</summary>
    public static bool TryReadExtendedError(ReadOnlySpan<byte> control, bool ipv6, out ExtendedSocketError error)
    {
        error = default;
        if (!TryFind(control, ipv6 ? SolIpv6 : SolIp, ipv6 ? Ipv6RecvErr : IpRecvErr, out var data) || data.Length < ExtendedErrorSize)
        {
            return false;
        }

        error = new ExtendedSocketError(
            MemoryMarshal.Read<int>(data),
            (ErrorOrigin)data[4],
            data[5],
            data[6],
            SockAddr.ReadAddress(data[ExtendedErrorSize..]));
        return true;
    }

    // CMSG_FIRSTHDR / CMSG_NXTHDR with every length checked against the buffer: a malformed length ends the walk.
    private static bool TryFind(ReadOnlySpan<byte> control, int level, int type, out ReadOnlySpan<byte> data)
    {
        data = default;
        var offset = 0;
        while (control.Length - offset >= CmsgHeaderSize)
        {
            var length = MemoryMarshal.Read<ulong>(control[offset..]);
            if (length < CmsgHeaderSize || length > (ulong)(control.Length - offset))
            {
                return false;
            }

            if (MemoryMarshal.Read<int>(control[(offset + 8)..]) == level && MemoryMarshal.Read<int>(control[(offset + 12)..]) == type)
            {
                data = control.Slice(offset + CmsgHeaderSize, (int)length - CmsgHeaderSize);
                return true;
            }

            var aligned = ((int)length + CmsgAlignment - 1) & ~(CmsgAlignment - 1);
            if (aligned > control.Length - offset)
            {
                return false;
            }

            offset += aligned;
        }

        return false;
    }
}
