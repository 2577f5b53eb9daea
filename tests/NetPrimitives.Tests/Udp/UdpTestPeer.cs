using System.Net;
using System.Net.Sockets;

namespace NetPrimitives.Tests.Udp;

/// <summary>A raw UDP socket on loopback port 0 that plays a scripted server or a spoofer in tests.</summary>
internal sealed class UdpTestPeer : IDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public UdpTestPeer(AddressFamily family = AddressFamily.InterNetwork)
    {
        Socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        Socket.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
    }

    public Socket Socket { get; }

    /// <summary>A peer on ::1, or the test skipped with <paramref name="reason"/> where ::1 is not configured.</summary>
    public static UdpTestPeer OnIPv6LoopbackOrSkip(string reason)
    {
        try
        {
            return new UdpTestPeer(AddressFamily.InterNetworkV6);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            Assert.Skip(reason);
            throw; // not reached: Skip throws
        }
    }

    private IPEndPoint AnyEndPoint => new(Socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);

    public IPEndPoint EndPoint => (IPEndPoint)Socket.LocalEndPoint!;

    public async Task<(byte[] Data, IPEndPoint From)> ReceiveAsync()
    {
        var buffer = new byte[65536];
        var result = await Socket.ReceiveFromAsync(buffer, SocketFlags.None, AnyEndPoint).WaitAsync(Wait);
        return (buffer[..result.ReceivedBytes], (IPEndPoint)result.RemoteEndPoint);
    }

    public Task SendAsync(byte[] data, EndPoint to) => Socket.SendToAsync(data, SocketFlags.None, to).WaitAsync(Wait);

    public void Dispose() => Socket.Dispose();
}
