using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NetPrimitives.Sockets.Linux;

namespace NetPrimitives.Udp;

public sealed partial class DatagramServer
{
    // Sends one reply from the server socket, or queues it in batch: the receive loop's batch that the context carries
    // while its handler runs on that loop (Dispatch). Replies from anywhere else (a handler that went asynchronous)
    // go at once; UDP sends on one socket are thread safe.
    internal void SendReply(ReadOnlySpan<byte> reply, SocketAddress remote, DatagramBatch? batch)
    {
        if (reply.Length > _maxDatagramSize)
        {
            ThrowReplyTooLarge(reply.Length, _maxDatagramSize);
        }

        // The thread check closes the window in which a handler that went asynchronous already replies from another
        // thread before its loop has taken the batch back from the context.
        if (batch is not null && batch.IsLoopThread)
        {
            if (batch.Replies.TryAdd(reply, remote))
            {
                return;
            }

            FlushReplies(batch);
            if (batch.Replies.TryAdd(reply, remote))
            {
                return;
            }
        }

        var socket = _socket ?? throw new InvalidOperationException("The server has not been started.");
        CountSent(socket.SendTo(reply, SocketFlags.None, remote));
    }

    // Sends the batch's queued replies; one that fails is logged and counted as dropped, the rest still go.
    private void FlushReplies(DatagramBatch batch)
    {
        var replies = batch.Replies;
        var next = 0;
        while (next < replies.Count)
        {
            int sent, errno;
            try
            {
                sent = replies.Send(next, out errno);
            }
            catch (ObjectDisposedException)
            {
                break; // the socket is closed: nothing more goes out
            }

            if (sent > 0)
            {
                for (var i = next; i < next + sent; i++)
                {
                    CountSent(replies.Packet(i).Length);
                }

                next += sent;
                continue;
            }

            if (errno == Errno.Eintr)
            {
                continue;
            }

            if (errno == Errno.Ebadf)
            {
                break; // the socket is closed: nothing more goes out
            }

            // The reply at `next` failed (ECONNREFUSED from an earlier ICMP error, ENOBUFS...): skip just that one.
            CountDropped(UdpMetrics.ReasonSendFailed);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var destination = new SocketAddress(_socket!.AddressFamily);
                SockAddr.TryCopyTo(replies.Destination(next), destination);
                UdpLog.ReplyFailed(_logger, CreateEndPoint(destination), Errno.ToSocketError(errno));
            }

            next++;
        }

        replies.Clear();
    }

    // Counts a datagram received but not answered (overload, or a reply that would not fit).
    internal void CountDropped(string reason)
    {
        Interlocked.Increment(ref _datagramsDropped);
        if (UdpMetrics.DatagramsDropped.Enabled)
        {
            UdpMetrics.DatagramsDropped.Add(1, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    private void CountSent(int bytes) => Count(ref _datagramsSent, ref _bytesSent, bytes, UdpMetrics.DatagramsSent, UdpMetrics.BytesSent);

    private void CountReceived(int bytes) => Count(ref _datagramsReceived, ref _bytesReceived, bytes, UdpMetrics.DatagramsReceived, UdpMetrics.BytesReceived);

    private static void Count(ref long datagrams, ref long bytes, int length, Counter<long> datagramCounter, Counter<long> byteCounter)
    {
        Interlocked.Increment(ref datagrams);
        Interlocked.Add(ref bytes, length);
        if (datagramCounter.Enabled)
        {
            datagramCounter.Add(1);
        }

        if (byteCounter.Enabled)
        {
            byteCounter.Add(length);
        }
    }

    private void CountTruncated(SocketAddress from, int bytesSeen)
    {
        Interlocked.Increment(ref _datagramsTruncated);
        if (UdpMetrics.DatagramsTruncated.Enabled)
        {
            UdpMetrics.DatagramsTruncated.Add(1);
        }

        if (_logger.IsEnabled(LogLevel.Warning))
        {
            UdpLog.DatagramTruncated(_logger, CreateEndPoint(from), bytesSeen, _maxDatagramSize);
        }
    }

    private static IPEndPoint CreateEndPoint(SocketAddress address) =>
        (IPEndPoint)(address.Family == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0)).Create(address);

    private static void ThrowReplyTooLarge(int length, int max) =>
        throw new ArgumentException($"The reply is {length} bytes; the server's MaxDatagramSize is {max}.", "reply");
}
