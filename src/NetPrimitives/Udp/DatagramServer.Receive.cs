using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NetPrimitives.Sockets.Linux;

namespace NetPrimitives.Udp;

public sealed partial class DatagramServer
{
    private bool UseBatches => _batchSize > 1 && LinuxSocketApi.IsSupported;

    // One receive loop, on either path: rent a context, receive into it — with recvfrom, or on Linux with MaxBatchSize
    // above 1 the next datagram of the loop's recvmmsg batch — and serve it (Serve: the rules, the same for both). A
    // handler that completes synchronously leaves the context with the loop; one that goes asynchronous takes it along
    // and the loop rents another. With no context to rent, datagrams are still read (to keep the socket queue moving)
    // into the loop's own buffer and dropped.
    private void ReceiveLoop(object? state)
    {
        var index = (int)state!;
        var socket = _socket!;
        var dropBuffer = new byte[_maxDatagramSize + 1];
        var dropAddress = new SocketAddress(socket.AddressFamily);
        DatagramBatch? batch = null;
        DatagramContext? context = null;
        var consecutiveErrors = 0;
        try
        {
            batch = UseBatches ? new DatagramBatch(socket.SafeHandle, _batchSize, _maxDatagramSize) : null;
            while (!_isStopping)
            {
                context ??= TryRentContext(socket.AddressFamily);
                var buffer = context is null ? dropBuffer : context.ReceiveBuffer;
                var from = context?.RemoteAddress ?? dropAddress;
                var received = batch is null ? ReceiveOne(socket, buffer, from, out var error) : ReceiveBatched(batch, buffer, from, out error);
                if (received < 0)
                {
                    if (_isStopping || error == SocketError.OperationAborted)
                    {
                        break; // the socket was closed (a stop)
                    }

                    if (error == SocketError.WouldBlock && batch is not null)
                    {
                        // recvmmsg expects a blocking socket; a non-blocking one is read with recvfrom, which waits.
                        FlushReplies(batch);
                        batch.Dispose();
                        batch = null;
                        continue;
                    }

                    OnReceiveError(error, ref consecutiveErrors, from);
                    continue;
                }

                consecutiveErrors = 0;
                if (_isStopping)
                {
                    break; // a stop's wake-up datagram, or one that came with it: not served
                }

                Serve(ref context, received, dropBuffer, dropAddress, batch);
            }
        }
        catch (Exception ex)
        {
            // A bug in this loop must not take the process down with an unhandled thread exception.
            UdpLog.ReceiveLoopCrashed(_logger, index, ex);
        }
        finally
        {
            if (batch is not null)
            {
                // Replies made before a stop still go out: the socket stays open until every loop has exited.
                FlushReplies(batch);
                batch.Dispose();
            }

            if (context is not null)
            {
                ReturnContext(context);
            }

            // A batched loop may have taken the stop's wake-up datagrams meant for the others: pass one on.
            if (Interlocked.Decrement(ref _runningLoops) > 0 && _isStopping)
            {
                WakeOneLoop(socket);
            }

            _loopExits[index].TrySetResult();
        }
    }

    // recvfrom into buffer and from; the byte count, or -1 with the error (OperationAborted: the socket was closed).
    private static int ReceiveOne(Socket socket, Span<byte> buffer, SocketAddress from, out SocketError error)
    {
        error = SocketError.Success;
        try
        {
            return socket.ReceiveFrom(buffer, SocketFlags.None, from);
        }
        catch (ObjectDisposedException)
        {
            error = SocketError.OperationAborted;
        }
        catch (SocketException ex)
        {
            error = ex.SocketErrorCode;
        }

        return -1;
    }

    // The next datagram of the loop's batch, copied into buffer and from; once the batch is used up, its replies leave
    // in one sendmmsg and one recvmmsg waits for the next batch. The byte count, or -1 with the error as ReceiveOne.
    private int ReceiveBatched(DatagramBatch batch, Span<byte> buffer, SocketAddress from, out SocketError error)
    {
        error = SocketError.Success;
        int length;
        while (!batch.TryTakeNext(buffer, from, out length))
        {
            FlushReplies(batch);
            Errno errno;
            try
            {
                errno = batch.Receive();
            }
            catch (ObjectDisposedException)
            {
                errno = Errno.Ebadf; // closed between two receives (a stop that timed out)
            }

            if (errno != Errno.None)
            {
                error = errno.ToSocketError();
                return -1;
            }

            if (batch.IsEmpty)
            {
                // recvmmsg waits for one datagram (an empty one counts), so none means the socket was shut down: a stop.
                error = SocketError.OperationAborted;
                return -1;
            }
        }

        return length;
    }

    // Sends the batch's queued replies; one that fails is logged and counted as dropped, the rest still go.
    private void FlushReplies(DatagramBatch batch)
    {
        var replies = batch.Replies;
        var next = 0;
        while (next < replies.Count)
        {
            int sent;
            Errno errno;
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
                UdpLog.ReplyFailed(_logger, CreateEndPoint(destination), errno.ToSocketError());
            }

            next++;
        }

        replies.Clear();
    }

    // A failed receive, on either path: about one datagram or an ICMP error, or a socket error that repeats. The loop goes on.
    private void OnReceiveError(SocketError error, ref int consecutiveErrors, SocketAddress from)
    {
        if (error == SocketError.Interrupted)
        {
            return; // EINTR: a signal, nothing about the socket
        }

        if (IsTransient(error))
        {
            // ECONNREFUSED/ECONNRESET from an ICMP error about an earlier reply (Windows, or Linux with IP_RECVERR),
            // EMSGSIZE for an oversized datagram on Windows: about one datagram, not the socket.
            if (error == SocketError.MessageSize)
            {
                CountTruncated(from, -1);
            }
            else
            {
                UdpLog.ReceiveTransientError(_logger, error);
            }

            return;
        }

        UdpLog.ReceiveFailed(_logger, error, new SocketException((int)error));
        // Do not spin on an error that repeats; a short pause keeps one core free.
        if (++consecutiveErrors > 10)
        {
            Thread.Sleep(Math.Min(consecutiveErrors, 100));
        }
    }

    // The rules for one received datagram, the same on both paths. One larger than MaxDatagramSize fills the buffer of
    // MaxDatagramSize + 1 bytes (Linux cuts it silently to the buffer): counted as truncated, never handled, never
    // answered. Any other is counted and handed to the loop's context — rented now if the loop had to receive into its
    // drop buffer — or, with MaxConcurrentHandlers in progress, dropped and counted.
    private void Serve(ref DatagramContext? context, int length, byte[] dropBuffer, SocketAddress dropAddress, DatagramBatch? batch)
    {
        if (length > _maxDatagramSize)
        {
            CountTruncated(context?.RemoteAddress ?? dropAddress, length);
            return;
        }

        CountReceived(length);
        if (context is null && (context = TryRentContext(dropAddress.Family)) is not null)
        {
            // A handler finished while this loop waited on its drop buffer: serve the datagram after all.
            dropBuffer.AsSpan(0, length).CopyTo(context.ReceiveBuffer);
            dropAddress.Buffer.Span.CopyTo(context.RemoteAddress.Buffer.Span);
            context.RemoteAddress.Size = dropAddress.Size;
        }

        if (context is null)
        {
            CountDropped(UdpMetrics.ReasonOverload);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                UdpLog.DatagramDropped(_logger, CreateEndPoint(dropAddress), _maxContexts);
            }

            return;
        }

        if (!Dispatch(context, length, batch))
        {
            context = null; // went asynchronous and took the context along
        }
    }

    // Runs the handler; returns false when it went asynchronous (it then owns the context). While the handler runs on
    // this loop, the context carries the loop's batch, so its replies join the batch (SendReply).
    private bool Dispatch(DatagramContext context, int length, DatagramBatch? batch)
    {
        context.Reset(length, batch);
        // Counted before the call: StopAsync may look at the count while the handler is still starting.
        Interlocked.Increment(ref _pendingHandlers);
        ValueTask task;
        try
        {
            task = _handler(context, _stopping.Token);
        }
        catch (Exception ex)
        {
            task = ValueTask.FromException(ex);
        }
        finally
        {
            context.ReplyBatch = null; // from here on, replies are sent at once
        }

        if (!task.IsCompleted)
        {
            _ = AwaitHandlerAsync(context, task);
            return false;
        }

        try
        {
            // Also releases a pooled IValueTaskSource behind the ValueTask.
            task.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            HandlerFailed(context, ex);
        }

        HandlerDone();
        return true;
    }

    private async Task AwaitHandlerAsync(DatagramContext context, ValueTask task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            HandlerFailed(context, ex);
        }
        finally
        {
            ReturnContext(context);
            HandlerDone();
        }
    }

    private void HandlerDone()
    {
        if (Interlocked.Decrement(ref _pendingHandlers) == 0 && _isStopping)
        {
            Volatile.Read(ref _handlersDrained)?.TrySetResult();
        }
    }

    private void HandlerFailed(DatagramContext context, Exception ex)
    {
        Interlocked.Increment(ref _handlerErrors);
        if (_metrics.HandlerErrors.Enabled)
        {
            _metrics.HandlerErrors.Add(1, new KeyValuePair<string, object?>("error.type", ex.GetType().FullName));
        }

        if (ex is OperationCanceledException && _stopping.IsCancellationRequested)
        {
            UdpLog.HandlerCanceled(_logger);
        }
        else if (_logger.IsEnabled(LogLevel.Error))
        {
            UdpLog.HandlerFailed(_logger, context.RemoteEndPoint, ex);
        }
    }

    private DatagramContext? TryRentContext(AddressFamily family)
    {
        if (_freeContexts.TryDequeue(out var context))
        {
            return context;
        }

        // Contexts are created on demand up to the limit and then recycled: steady state allocates none.
        if (Interlocked.Increment(ref _contextCount) <= _maxContexts)
        {
            return new DatagramContext(this, family, _maxDatagramSize);
        }

        Interlocked.Decrement(ref _contextCount);
        return null;
    }

    private void ReturnContext(DatagramContext context) => _freeContexts.Enqueue(context);

    private static bool IsTransient(SocketError error) => error is SocketError.ConnectionRefused
        or SocketError.ConnectionReset or SocketError.HostUnreachable or SocketError.NetworkUnreachable
        or SocketError.MessageSize or SocketError.TimedOut or SocketError.NoBufferSpaceAvailable
        or SocketError.Interrupted or SocketError.WouldBlock or SocketError.TryAgain;
}
