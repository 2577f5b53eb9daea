using System.Net;
using System.Net.Sockets;

namespace NetPrimitives.Tests.Infrastructure;

/// <summary>
/// A loopback listener that never accepts, its queue filled by connections it holds open: Linux then drops further
/// SYNs, so a connect to <see cref="EndPoint"/> can only end by its own timeout. For the connect-timeout tests.
/// </summary>
internal sealed class FullBacklogListener : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _fillers = [];

    public FullBacklogListener(int backlog = 1, int fillers = 4)
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(backlog);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        for (var i = 0; i < fillers; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _fillers.Add(filler);
            _ = filler.ConnectAsync(EndPoint);
        }
    }

    public IPEndPoint EndPoint { get; }

    public void Dispose()
    {
        _fillers.ForEach(f => f.Dispose());
        _listener.Dispose();
    }
}
