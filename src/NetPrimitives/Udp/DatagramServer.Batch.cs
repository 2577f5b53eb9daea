using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace NetPrimitives.Udp;

public sealed partial class DatagramServer
{
    // The batch of the receive loop running on this thread, if any: replies made on it go into the batch.
    [ThreadStatic]
    private static LinuxDatagramBatch? t_replyBatch;

    // Linux error numbers the batched loop meets (asm-generic/errno-base.h, asm-generic/errno.h).
    private const int Eintr = 4;
    private const int Ebadf = 9;
    private const int Eagain = 11;
    private const int Enomem = 12;
    private const int Emsgsize = 90;
    private const int Enetunreach = 101;
    private const int Econnreset = 104;
    private const int Enobufs = 105;
    private const int Econnrefused = 111;
    private const int Ehostunreach = 113;

    private bool UseBatches => _batchSize > 1 && LinuxDatagramBatch.IsSupported;

    /// <summary>
    /// The receive loop on Linux with <see cref="DatagramServerOptions.MaxBatchSize"/> above 1: one recvmmsg
    /// takes every datagram already queued (up to the batch size), the handlers run one after another on this
    /// thread, and the replies they make meanwhile leave together in one sendmmsg. Returns false if the socket
    /// turned out to be non-blocking (the caller then runs the one-at-a-time loop).
    /// </summary>
    private bool BatchReceiveLoop(ref DatagramContext? context)
    {
        var socket = _socket!;
        var handle = socket.SafeHandle;
        var scratch = new SocketAddress(socket.AddressFamily);
        using var batch = new LinuxDatagramBatch(this, _batchSize, _maxDatagramSize);
        t_replyBatch = batch;
        var consecutiveErrors = 0;
        try
        {
            while (!_isStopping)
            {
                int count, errno;
                try
                {
                    count = batch.Receive(handle, out errno);
                }
                catch (ObjectDisposedException)
                {
                    break; // the socket was closed between two receives (a stop that timed out)
                }

                if (count < 0)
                {
                    if (_isStopping || errno == Ebadf)
                    {
                        break;
                    }

                    if (errno == Eagain)
                    {
                        return false;
                    }

                    OnReceiveError(errno, ref consecutiveErrors, scratch);
                    continue;
                }

                consecutiveErrors = 0;
                for (var i = 0; i < count && !_isStopping; i++)
                {
                    HandleBatched(batch, i, ref context, scratch);
                }

                FlushReplies(batch);
            }

            return true;
        }
        finally
        {
            // Replies made before a stop still go out: the socket stays open until every loop has exited.
            FlushReplies(batch);
            t_replyBatch = null;
        }
    }

    private void HandleBatched(LinuxDatagramBatch batch, int index, ref DatagramContext? context, SocketAddress scratch)
    {
        var length = batch.DatagramLength(index);
        if (length > _maxDatagramSize || batch.WasTruncated(index))
        {
            // Never handled, never answered (see the one-at-a-time loop).
            batch.TryCopySender(index, scratch);
            CountTruncated(scratch, length);
            return;
        }

        CountReceived(length);
        context ??= TryRentContext(scratch.Family);
        if (context is null)
        {
            CountDropped(UdpMetrics.ReasonOverload);
            if (_logger.IsEnabled(LogLevel.Debug) && batch.TryCopySender(index, scratch))
            {
                UdpLog.DatagramDropped(_logger, CreateEndPoint(scratch), _maxContexts);
            }

            return;
        }

        if (!batch.TryCopySender(index, context.RemoteAddress))
        {
            CountDropped(UdpMetrics.ReasonOverload); // an address the socket's family cannot hold; never seen
            return;
        }

        batch.Datagram(index).CopyTo(context.ReceiveBuffer);
        if (!Dispatch(context, length))
        {
            context = null; // went asynchronous and took the context along
        }
    }

    /// <summary>Logs and counts a failed recvmmsg as the one-at-a-time loop does; the loop goes on.</summary>
    private void OnReceiveError(int errno, ref int consecutiveErrors, SocketAddress scratch)
    {
        var error = ToSocketError(errno);
        if (errno == Eintr)
        {
            return;
        }

        if (IsTransient(error))
        {
            if (error == SocketError.MessageSize)
            {
                CountTruncated(scratch, -1);
            }
            else
            {
                UdpLog.ReceiveTransientError(_logger, error);
            }

            return;
        }

        UdpLog.ReceiveFailed(_logger, error, new SocketException((int)error));
        if (++consecutiveErrors > 10)
        {
            Thread.Sleep(Math.Min(consecutiveErrors, 100));
        }
    }

    /// <summary>Queues a reply made on this server's own loop thread; false when it must be sent at once.</summary>
    private bool TryQueueReply(ReadOnlySpan<byte> reply, SocketAddress remote)
    {
        var batch = t_replyBatch;
        if (batch is null || !ReferenceEquals(batch.Server, this))
        {
            return false;
        }

        if (batch.TryQueueReply(reply, remote))
        {
            return true;
        }

        FlushReplies(batch);
        return batch.TryQueueReply(reply, remote);
    }

    /// <summary>Sends the queued replies; one that fails is logged and counted as dropped, the rest still go.</summary>
    private void FlushReplies(LinuxDatagramBatch batch)
    {
        var handle = _socket!.SafeHandle;
        var next = 0;
        while (next < batch.QueuedReplies)
        {
            int sent, errno;
            try
            {
                sent = batch.Send(handle, next, out errno);
            }
            catch (ObjectDisposedException)
            {
                break; // the socket is closed: nothing more goes out
            }

            if (sent > 0)
            {
                for (var i = next; i < next + sent; i++)
                {
                    CountSent(batch.ReplyLength(i));
                }

                next += sent;
                continue;
            }

            if (errno == Eintr)
            {
                continue;
            }

            if (errno == Ebadf)
            {
                break; // the socket is closed: nothing more goes out
            }

            // The reply at `next` failed (ECONNREFUSED from an earlier ICMP error, ENOBUFS...): skip just that one.
            CountDropped(UdpMetrics.ReasonSendFailed);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var destination = new SocketAddress(_socket.AddressFamily);
                batch.CopyReplyDestination(next, destination);
                UdpLog.ReplyFailed(_logger, CreateEndPoint(destination), ToSocketError(errno));
            }

            next++;
        }

        batch.ClearReplies();
    }

    private static SocketError ToSocketError(int errno) => errno switch
    {
        Eintr => SocketError.Interrupted,
        Eagain => SocketError.WouldBlock,
        Enomem or Enobufs => SocketError.NoBufferSpaceAvailable,
        Emsgsize => SocketError.MessageSize,
        Enetunreach => SocketError.NetworkUnreachable,
        Econnreset => SocketError.ConnectionReset,
        Econnrefused => SocketError.ConnectionRefused,
        Ehostunreach => SocketError.HostUnreachable,
        _ => SocketError.SocketError,
    };
}
