using System.Net;
using System.Net.Sockets;

namespace NetPrimitives.Sockets;

// UDP sockets, opened in one place (the UDP server, the UDP request client, the DNS stub client): connected to a
// server (the kernel then drops datagrams from other sources and reports an ICMP port unreachable on the next
// receive; connecting also picks a random ephemeral port), or bound to a local address after the caller's settings.
// A socket whose setup fails is closed before the error leaves. A datagram socket is not a byte stream, so it is not
// the transport's (which owns the TCP sockets).
internal static class DatagramSockets
{
    public static Socket Connect(IPEndPoint remote)
    {
        var socket = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Connect(remote);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // configure runs before the bind (dual mode, buffer sizes...).
    public static Socket Bind(IPEndPoint local, Action<Socket>? configure = null)
    {
        var socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            configure?.Invoke(socket);
            socket.Bind(local);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
