using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using NetPrimitives.Names;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.Tests.Names;

/// <summary>
/// A scripted DNS responder on 127.0.0.1 (UDP, and TCP on the same port): each handler gets the parsed query
/// and decides what to send. Used to test spoofing, truncation, silence and cancellation precisely.
/// </summary>
internal sealed class FakeDnsServer : IAsyncDisposable
{
    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;
    private readonly CountedSignals<string> _handled = new();
    private int _udpQueries;
    private int _tcpQueries;

    public FakeDnsServer(Func<Query, FakeDnsServer, Task> onUdp, Func<Query, byte[]?>? onTcp = null)
    {
        (_udp, _tcp) = BindPair();
        EndPoint = (IPEndPoint)_udp.LocalEndPoint!;
        _udpLoop = UdpLoopAsync(onUdp);
        _tcpLoop = TcpLoopAsync(onTcp ?? (_ => null));
    }

    public IPEndPoint EndPoint { get; }

    public int UdpQueries => Volatile.Read(ref _udpQueries);

    public int TcpQueries => Volatile.Read(ref _tcpQueries);

    public Socket UdpSocket => _udp;

    public sealed record Query(ushort Id, string Name, DnsRecordType Type, EndPoint From, byte[] Bytes);

    /// <summary>Completes once <paramref name="count"/> UDP queries have been received and handled.</summary>
    public Task WaitForUdpQueriesAsync(int count) => _handled.WaitAsync("udp", count);

    public Task ReplyAsync(Query query, byte[] message) => _udp.SendToAsync(message, SocketFlags.None, query.From);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _udp.Dispose();
        _tcp.Dispose();
        await Task.WhenAll(_udpLoop, _tcpLoop).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    public static Query Parse(byte[] bytes, EndPoint from)
    {
        var id = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        var labels = new List<string>();
        var i = 12;
        while (bytes[i] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(bytes, i + 1, bytes[i]));
            i += bytes[i] + 1;
        }

        var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(i + 1));
        return new Query(id, string.Join('.', labels), type, from, bytes);
    }

    // UDP and TCP on the same port number: pick one for UDP, then bind TCP to it; retry on the rare collision.
    private static (Socket Udp, Socket Tcp) BindPair()
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)udp.LocalEndPoint!).Port));
                tcp.Listen(16);
                return (udp, tcp);
            }
            catch (SocketException) when (attempt < 20)
            {
                udp.Dispose();
                tcp.Dispose();
            }
        }
    }

    private async Task UdpLoopAsync(Func<Query, FakeDnsServer, Task> onUdp)
    {
        var buffer = new byte[2048];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var r = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                Interlocked.Increment(ref _udpQueries);
                await onUdp(Parse(buffer[..r.ReceivedBytes], r.RemoteEndPoint), this);
                _handled.Add("udp");
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task TcpLoopAsync(Func<Query, byte[]?> onTcp)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _tcp.AcceptAsync(_stop.Token);
                await using var stream = new NetworkStream(client);
                var prefix = new byte[2];
                await stream.ReadExactlyAsync(prefix, _stop.Token);
                var query = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                await stream.ReadExactlyAsync(query, _stop.Token);
                Interlocked.Increment(ref _tcpQueries);
                var reply = onTcp(Parse(query, client.RemoteEndPoint!));
                if (reply is not null)
                {
                    var framed = new byte[2 + reply.Length];
                    BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)reply.Length);
                    reply.CopyTo(framed, 2);
                    await stream.WriteAsync(framed, _stop.Token);
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
    }
}
