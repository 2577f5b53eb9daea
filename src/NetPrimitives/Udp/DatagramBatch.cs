using System.Net;
using System.Net.Sockets;
using NetPrimitives.Sockets.Linux;

namespace NetPrimitives.Udp;

// One receive loop's recvmmsg(2) and sendmmsg(2) buffers (Linux, MaxBatchSize above 1): up to Capacity datagrams in
// per system call, taken one at a time by the loop, and as many replies out. Allocated once per loop (two native
// buffers of MaxDatagramSize per slot), never per datagram; used by the loop's thread only.
//
// Why batch: on a busy server each reply wakes its sender, and the woken sender usually preempts the loop thread as
// soon as sendto returns, so every datagram costs two context switches. Sending a batch of replies in one sendmmsg
// wakes their senders together: one preemption for the batch, and by the time the loop runs again their next
// requests are queued for one recvmmsg.
internal sealed class DatagramBatch : IDisposable
{
    private readonly MessageReceiver _received;
    private readonly int _loopThread = Environment.CurrentManagedThreadId;
    private int _count;
    private int _next;

    public DatagramBatch(SafeSocketHandle socket, int capacity, int maxDatagramSize)
    {
        // One byte more than the limit, as in DatagramContext: a datagram that fills the slot was larger (the kernel
        // cuts it to the slot), so the loop counts it as truncated exactly as on the recvfrom path.
        _received = new MessageReceiver(socket, maxDatagramSize + 1, capacity, controlBytes: 0);
        Replies = new MessageSender(socket, maxDatagramSize, capacity);
    }

    // Replies made on the loop thread, sent together before the next recvmmsg.
    public MessageSender Replies { get; }

    // Whether the caller is the loop that owns this batch (the only thread that may touch its buffers).
    public bool IsLoopThread => Environment.CurrentManagedThreadId == _loopThread;

    // Blocks for the first datagram only (MSG_WAITFORONE), then takes what is already queued. Returns the errno (None:
    // success). Throws ObjectDisposedException when the socket was closed.
    public Errno Receive()
    {
        _next = 0;
        return _received.ReceiveMany(LinuxSocketApi.MsgWaitForOne, out _count);
    }

    // Whether the last Receive returned no datagram.
    public bool IsEmpty => _count == 0;

    // Copies the next datagram of the last Receive into buffer (MaxDatagramSize + 1 bytes) and its sender into from;
    // false when the batch is used up.
    public bool TryTakeNext(Span<byte> buffer, SocketAddress from, out int length)
    {
        while (_next < _count)
        {
            var message = _received.Message(_next++);
            // The kernel reports senders of the socket's own family, which a SocketAddress of that family holds; were
            // one ever larger, the datagram is passed over rather than answered at a wrong address.
            if (SockAddr.TryCopyTo(message.Name, from))
            {
                message.Data.CopyTo(buffer);
                length = message.Data.Length;
                return true;
            }
        }

        length = 0;
        return false;
    }

    public void Dispose()
    {
        _received.Dispose();
        Replies.Dispose();
    }
}
