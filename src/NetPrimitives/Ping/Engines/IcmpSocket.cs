using System.Net.Sockets;
using NetPrimitives.Sockets.Linux;
using NetPrimitives.Ping.Icmp;

namespace NetPrimitives.Ping.Engines;

/// <summary>One ICMP socket of a family, how its datagrams are framed, and its receive loop.</summary>
internal sealed class IcmpSocket(Socket socket, IcmpFraming framing, bool readsMessages = false)
{
    // Replies of a /16 arrive in bursts; the default 208 KiB queue drops some. 4 MiB is net.core.rmem_max on
    // common distributions (the kernel caps the request silently).
    private const int ReceiveBufferBytes = 4 * 1024 * 1024;

    public Socket Socket { get; } = socket;

    public IcmpFraming Framing { get; } = framing;

    public AddressFamily Family => Socket.AddressFamily;

    public Task Receiving { get; set; } = Task.CompletedTask;

    private volatile bool _receiveStarted;

    /// <summary>Whether a receive thread reads this socket (the per-probe path); set under the pinger's lock.</summary>
    public bool ReceiveStarted
    {
        get => _receiveStarted;
        set => _receiveStarted = value;
    }

    /// <summary>
    /// A Linux datagram socket with IP_RECVTTL + IP_RECVERR (IPV6_RECVHOPLIMIT + IPV6_RECVERR) set: it is read with
    /// recvmsg, which gives the TTL and, from the error queue, the ICMP errors such a socket never delivers as packets.
    /// </summary>
    public bool ReadsMessages { get; } = readsMessages;

    /// <exception cref="SocketException">Not permitted (raw needs CAP_NET_RAW; datagram needs net.ipv4.ping_group_range) or not supported.</exception>
    public static IcmpSocket Open(bool raw, AddressFamily family)
    {
        var v6 = family == AddressFamily.InterNetworkV6;
        var socket = new Socket(family, raw ? SocketType.Raw : SocketType.Dgram, v6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp);
        try
        {
            socket.ReceiveBufferSize = ReceiveBufferBytes;
        }
        catch (SocketException)
        {
            // A smaller buffer still works; losses show up as timeouts and retries.
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        // Bound so that ReceiveFrom may be called (and a datagram socket gets its identifier, the "port", now).
        socket.Bind(new System.Net.IPEndPoint(v6 ? System.Net.IPAddress.IPv6Any : System.Net.IPAddress.Any, 0));
        if (raw)
        {
            TryFilterTypes(socket, v6);
        }

        var framing = v6 ? IcmpFraming.Ipv6 : raw ? IcmpFraming.Ipv4WithHeader : IcmpFraming.Ipv4Datagram;
        return new IcmpSocket(socket, framing, !raw && TryAskForTtlAndErrors(socket, v6));
    }

    // A raw ICMP socket gets a copy of every ICMP packet the host receives, and on loopback that includes each of
    // our own echo requests: half of a sweep's packets, each copied, handed over and parsed for nothing. raw(7)
    // ICMP_FILTER (SOL_RAW 255, option 1: a bit set per type 0-31 drops it) and RFC 3542 §3.2 ICMP6_FILTER
    // (IPPROTO_ICMPV6 58, option 1: 256 bits, set = block) make the kernel drop every type the parser would ignore.
    // Where refused, the parser still ignores them.
    private static void TryFilterTypes(Socket socket, bool v6)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Span<uint> filter = stackalloc uint[v6 ? 8 : 1]; // native-endian words, as the kernel reads them
        filter.Fill(uint.MaxValue);
        for (var type = 0; type < filter.Length * 32; type++)
        {
            if (IcmpReplyParser.Classify((byte)type, v6) is not null)
            {
                filter[type / 32] &= ~(1u << (type % 32));
            }
        }

        try
        {
            socket.SetRawSocketOption(v6 ? 58 : 255, 1, System.Runtime.InteropServices.MemoryMarshal.AsBytes(filter));
        }
        catch (SocketException)
        {
        }
    }

    // ip(7) IP_RECVTTL / IP_RECVERR, ipv6(7) IPV6_RECVHOPLIMIT / IPV6_RECVERR (int 1 = on). The raw engine needs
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
