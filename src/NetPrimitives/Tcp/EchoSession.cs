using System.Net;
using System.Text;

namespace NetPrimitives.Tcp;

/// <summary>One client connection of an <see cref="EchoServer"/>, as seen by transforms and events.</summary>
public sealed class EchoSession
{
    internal EchoSession(long id, string name, EndPoint? remoteEndPoint, EndPoint? localEndPoint)
    {
        Id = id;
        Name = name;
        NameUtf8 = Encoding.UTF8.GetBytes(name);
        RemoteEndPoint = remoteEndPoint;
        LocalEndPoint = localEndPoint;
    }

    /// <summary>A number unique within the server, from 1 in accept order.</summary>
    public long Id { get; }

    /// <summary>The session's name: <see cref="EchoServerOptions.SessionNamePrefix"/> followed by <see cref="Id"/> (<c>"Client-3"</c>).</summary>
    public string Name { get; }

    /// <summary>The client's address and port.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>The server's address and port for this connection.</summary>
    public EndPoint? LocalEndPoint { get; }

    internal ReadOnlyMemory<byte> NameUtf8 { get; }

    /// <summary>Highest number of received bytes the session ever had buffered and unprocessed (tests check the bound).</summary>
    internal long PeakBufferedInput { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({RemoteEndPoint})";
}
