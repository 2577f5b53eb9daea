using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

/// <summary>
/// The echo load of tcp-compare --client saea, after NetCoreServer's TcpEchoClient: each of the clients, once
/// connected, sends its messages of S bytes one Send each (appended to its send buffer, <see cref="SaeaSession"/>);
/// on every receive of k bytes it sends one new message per S bytes received, so the same number stay in flight.
/// Throughput is the bytes received / S / seconds, as that client reports it.
/// </summary>
internal static class SaeaEchoLoad
{
    public static async Task<TcpEchoLoad.EchoResult> MeasureAsync(IPEndPoint endPoint, int clients, int inFlight, int size, int seconds)
    {
        var message = new byte[size];
        var sessions = new List<Client>();
        for (var i = 0; i < clients; i++)
        {
            var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(endPoint).WaitAsync(TimeSpan.FromSeconds(10));
            sessions.Add(new Client(socket, message));
        }

        var clock = Stopwatch.StartNew();
        foreach (var session in sessions)
        {
            session.Start();
            for (var m = 0; m < inFlight; m++)
            {
                session.Send(message);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var bytes = sessions.Sum(s => Volatile.Read(ref s.Received));
        var elapsed = clock.Elapsed.TotalSeconds;
        sessions.ForEach(s => s.Dispose());
        return new TcpEchoLoad.EchoResult(clients, inFlight, size, elapsed, bytes, sessions.Sum(s => s.Errors));
    }

    private sealed class Client(Socket socket, byte[] message) : SaeaSession(socket)
    {
        public long Received;
        private long _pending;

        protected override void OnReceived(ReadOnlySpan<byte> data)
        {
            Volatile.Write(ref Received, Received + data.Length);
            _pending += data.Length;
            while (_pending >= message.Length)
            {
                Send(message);
                _pending -= message.Length;
            }
        }
    }
}
