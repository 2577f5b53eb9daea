using System.Net;
using System.Net.Sockets;

/// <summary>
/// The rival echo server of tcp-compare, after NetCoreServer's TcpEchoServer: accepts with a
/// <see cref="SocketAsyncEventArgs"/>, and each session (<see cref="SaeaSession"/>) copies what it receives into
/// its send buffer from the receive callback. No limits, no pipes, no logging.
/// </summary>
internal sealed class SaeaEchoServer : IDisposable
{
    private readonly Socket _listener;
    private readonly SocketAsyncEventArgs _acceptArgs = new();
    private readonly List<Session> _sessions = [];

    public SaeaEchoServer(IPEndPoint endPoint)
    {
        _listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(endPoint);
        _listener.Listen(1024);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptArgs.Completed += (_, _) =>
        {
            if (ProcessAccept())
            {
                AcceptLoop();
            }
        };
        AcceptLoop();
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Dispose()
    {
        _listener.Dispose();
        lock (_sessions)
        {
            _sessions.ForEach(s => s.Dispose());
        }
    }

    private void AcceptLoop() => SaeaSession.RunWhileSynchronous(
        () =>
        {
            _acceptArgs.AcceptSocket = null;
            return _listener.AcceptAsync(_acceptArgs);
        },
        ProcessAccept);

    private bool ProcessAccept()
    {
        if (_acceptArgs.SocketError != SocketError.Success)
        {
            return _acceptArgs.SocketError is not SocketError.OperationAborted and not SocketError.Interrupted;
        }

        var socket = _acceptArgs.AcceptSocket!;
        socket.NoDelay = true;
        var session = new Session(socket);
        lock (_sessions)
        {
            _sessions.Add(session);
        }

        session.Start();
        return true;
    }

    private sealed class Session(Socket socket) : SaeaSession(socket)
    {
        protected override void OnReceived(ReadOnlySpan<byte> data) => Send(data);
    }
}
