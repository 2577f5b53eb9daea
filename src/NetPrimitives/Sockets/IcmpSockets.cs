using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using NetPrimitives.Sockets.Linux;

namespace NetPrimitives.Sockets;

// ICMP sockets, opened in one place (the ping engines): raw (needs CAP_NET_RAW; IPv4 packets arrive with their IP
// header) or datagram (unprivileged, within Linux's net.ipv4.ping_group_range). Bound at once, so that ReceiveFrom
// may be called and a datagram socket gets its identifier (the "port") now. A socket whose setup fails is closed
// before the error leaves; the SocketException of a refused open is the caller's to explain.
internal static class IcmpSockets
{
    // Replies of a /16 arrive in bursts; the default 208 KiB queue drops some. 4 MiB is net.core.rmem_max on
    // common distributions (the kernel caps the request silently).
    private const int ReceiveBufferBytes = 4 * 1024 * 1024;

    // passesType: the ICMP types a raw socket should receive (the kernel drops the others, where it can filter).
    // readsMessages: the socket is a Linux datagram socket that reports TTL or hop limit and ICMP errors through
    // recvmsg control messages (see TryAskForTtlAndErrors). Throws SocketException when not permitted (raw needs
    // CAP_NET_RAW; datagram needs net.ipv4.ping_group_range) or not supported.
    public static Socket Open(bool raw, AddressFamily family, Func<byte, bool> passesType, out bool readsMessages)
    {
        var v6 = family == AddressFamily.InterNetworkV6;
        var socket = new Socket(family, raw ? SocketType.Raw : SocketType.Dgram, v6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp);
        try
        {
            try
            {
                socket.ReceiveBufferSize = ReceiveBufferBytes;
            }
            catch (SocketException)
            {
                // A smaller buffer still works; losses show up as timeouts and retries.
            }

            socket.Bind(new IPEndPoint(v6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
            if (raw)
            {
                TryFilterTypes(socket, v6, passesType);
            }

            readsMessages = !raw && TryAskForTtlAndErrors(socket, v6);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // A raw ICMP socket gets a copy of every ICMP packet the host receives, and on loopback that includes each of
    // our own echo requests: half of a sweep's packets, each copied, handed over and parsed for nothing. raw(7)
    // ICMP_FILTER (SOL_RAW 255, option 1: a bit set per type 0-31 drops it) and RFC 3542 §3.2 ICMP6_FILTER
    // (IPPROTO_ICMPV6 58, option 1: 256 bits, set = block) make the kernel drop every type the caller does not
    // want. Where refused, the caller still gets them.
    private static void TryFilterTypes(Socket socket, bool v6, Func<byte, bool> passesType)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Span<uint> filter = stackalloc uint[v6 ? 8 : 1]; // native-endian words, as the kernel reads them
        filter.Fill(uint.MaxValue);
        for (var type = 0; type < filter.Length * 32; type++)
        {
            if (passesType((byte)type))
            {
                filter[type / 32] &= ~(1u << (type % 32));
            }
        }

        try
        {
            socket.SetRawSocketOption(v6 ? 58 : 255, 1, MemoryMarshal.AsBytes(filter));
        }
        catch (SocketException)
        {
        }
    }

    // ip(7) IP_RECVTTL / IP_RECVERR, ipv6(7) IPV6_RECVHOPLIMIT / IPV6_RECVERR (int 1 = on). A raw socket needs
    // neither: its packets carry the IP header and the ICMP errors themselves. Where an option is refused the
    // socket stays as it was and is read as before (no TTL, errors time out).
    private static bool TryAskForTtlAndErrors(Socket socket, bool v6)
    {
        if (!LinuxSocketApi.IsSupported)
        {
            return false;
        }

        ReadOnlySpan<byte> on = BitConverter.GetBytes(1);
        try
        {
            if (v6)
            {
                socket.SetRawSocketOption(ControlMessages.SolIpv6, ControlMessages.Ipv6RecvHopLimit, on);
                socket.SetRawSocketOption(ControlMessages.SolIpv6, ControlMessages.Ipv6RecvErr, on);
            }
            else
            {
                socket.SetRawSocketOption(ControlMessages.SolIp, ControlMessages.IpRecvTtl, on);
                socket.SetRawSocketOption(ControlMessages.SolIp, ControlMessages.IpRecvErr, on);
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
