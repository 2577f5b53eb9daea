using System.Net;
using System.Net.Sockets;

namespace NetPrimitives.Udp;

/// <summary>
/// One received datagram as seen by a <see cref="DatagramHandler"/>: its bytes, its sender and a way to reply.
/// Owned by the server and reused: valid only until the handler's task completes.
/// </summary>
public sealed class DatagramContext
{
    private static readonly IPEndPoint s_ipv4Template = new(IPAddress.Any, 0);
    private static readonly IPEndPoint s_ipv6Template = new(IPAddress.IPv6Any, 0);

    private readonly DatagramServer _server;
    private readonly byte[] _receiveBuffer;
    private readonly byte[] _replyBuffer;
    private int _length;
    private IPEndPoint? _remoteEndPoint;

    internal DatagramContext(DatagramServer server, AddressFamily family, int maxDatagramSize)
    {
        _server = server;
        // One byte more than the limit: a datagram that fills it is too large (Linux truncates silently).
        _receiveBuffer = new byte[maxDatagramSize + 1];
        _replyBuffer = new byte[maxDatagramSize];
        RemoteAddress = new SocketAddress(family);
    }

    /// <summary>The datagram's payload (may be empty: UDP allows zero-length datagrams).</summary>
    public ReadOnlyMemory<byte> Datagram => _receiveBuffer.AsMemory(0, _length);

    /// <summary>
    /// The sender's address, reused from one datagram to the next without allocating. Copy it (or use
    /// <see cref="RemoteEndPoint"/>) to keep it past the handler.
    /// </summary>
    public SocketAddress RemoteAddress { get; }

    /// <summary>
    /// The sender as an <see cref="IPEndPoint"/>. Created on first use for each datagram (one allocation);
    /// hot paths that only reply need not touch it.
    /// </summary>
    public IPEndPoint RemoteEndPoint =>
        _remoteEndPoint ??= (IPEndPoint)(RemoteAddress.Family == AddressFamily.InterNetworkV6 ? s_ipv6Template : s_ipv4Template).Create(RemoteAddress);

    /// <summary>
    /// A scratch buffer of <see cref="DatagramServerOptions.MaxDatagramSize"/> bytes owned by this context, for
    /// building a reply without allocating: write into it, then reply with a slice of it.
    /// </summary>
    public Memory<byte> ReplyBuffer => _replyBuffer;

    internal byte[] ReceiveBuffer => _receiveBuffer;

    // The receive loop's batch while the handler runs on that loop (set and cleared by the loop): replies join it.
    internal DatagramBatch? ReplyBatch { get; set; }

    /// <summary>
    /// Sends <paramref name="reply"/> to the sender of the datagram, from the server's socket. A UDP send does
    /// not wait for the peer, so this normally completes at once. With <see cref="DatagramServerOptions.MaxBatchSize"/>
    /// above 1 on Linux, a reply made while the handler runs synchronously on its receive loop is copied and sent
    /// with the batch's other replies right after the batch's handlers; a refusal is then logged and counted as
    /// dropped rather than thrown.
    /// </summary>
    /// <param name="reply">The reply, at most <see cref="DatagramServerOptions.MaxDatagramSize"/> bytes (may be empty).</param>
    /// <param name="cancellationToken">Not used by the send itself (UDP sends do not block); checked before sending.</param>
    /// <returns>A task that completes when the datagram has been handed to the operating system (or queued in the loop's batch).</returns>
    /// <exception cref="ArgumentException">The reply is larger than <see cref="DatagramServerOptions.MaxDatagramSize"/>.</exception>
    /// <exception cref="SocketException">The operating system refused the datagram (replies sent at once only).</exception>
    public ValueTask ReplyAsync(ReadOnlyMemory<byte> reply, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        _server.SendReply(reply.Span, RemoteAddress, ReplyBatch);
        return ValueTask.CompletedTask;
    }

    // Makes the context describe a freshly received datagram of length bytes, handled on the loop that owns batch (if any).
    internal void Reset(int length, DatagramBatch? batch)
    {
        _length = length;
        _remoteEndPoint = null;
        ReplyBatch = batch;
    }
}
