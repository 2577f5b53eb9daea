using System.Net.Sockets;
using NetPrimitives.Ping.Icmp;
using NetPrimitives.Sockets;

namespace NetPrimitives.Ping.Engines;

/// <summary>One ICMP socket of a family, how its datagrams are framed, and its receive loop.</summary>
internal sealed class IcmpSocket(Socket socket, IcmpFraming framing, bool readsMessages = false)
{
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

        // A raw socket receives only the types the parser reads (echo replies and the errors that answer a probe).
        var socket = IcmpSockets.Open(raw, family, type => IcmpReplyParser.Classify(type, v6) is not null, out var readsMessages);
        var framing = v6 ? IcmpFraming.Ipv6 : raw ? IcmpFraming.Ipv4WithHeader : IcmpFraming.Ipv4Datagram;
        return new IcmpSocket(socket, framing, readsMessages);
    }
}
