using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace NetPrimitives.Udp;

public sealed partial class DatagramServer
{
    // One receive loop: rent a context, recvfrom into it, run the handler. A handler that completes
    // synchronously leaves the context with the loop; one that goes asynchronous takes it along and the loop
    // rents another. With no context to rent, datagrams are still read (to keep the socket queue moving) into
    // the loop's own buffer and dropped.
    private void ReceiveLoop(object? state)
    {
        var index = (int)state!;
        var socket = _socket!;
        var dropBuffer = new byte[_maxDatagramSize + 1];
        var dropAddress = new SocketAddress(socket.AddressFamily);
        DatagramContext? context = null;
        var consecutiveErrors = 0;
        try
        {
            if (UseBatches && BatchReceiveLoop(ref context))
            {
                return;
            }

            while (!_isStopping)
            {
                context ??= TryRentContext(socket.AddressFamily);
                int received;
                try
                {
                    received = context is null
                        ? socket.ReceiveFrom(dropBuffer, SocketFlags.None, dropAddress)
                        : socket.ReceiveFrom(context.ReceiveBuffer, SocketFlags.None, context.RemoteAddress);
                    consecutiveErrors = 0;
                }
                catch (ObjectDisposedException)
                {
                    break;
                }
                catch (SocketException ex) when (_isStopping)
                {
                    UdpLog.ReceiveTransientError(_logger, ex.SocketErrorCode);
                    break;
                }
                catch (SocketException ex) when (IsTransient(ex.SocketErrorCode))
                {
                    // ECONNREFUSED/ECONNRESET from an ICMP error about an earlier reply (Windows, or Linux with
                    // IP_RECVERR), EMSGSIZE for an oversized datagram on Windows: about one datagram, not the socket.
                    if (ex.SocketErrorCode == SocketError.MessageSize)
                    {
                        CountTruncated(context?.RemoteAddress ?? dropAddress, -1);
                    }
                    else
                    {
                        UdpLog.ReceiveTransientError(_logger, ex.SocketErrorCode);
                    }

                    continue;
                }
                catch (SocketException ex)
                {
                    UdpLog.ReceiveFailed(_logger, ex.SocketErrorCode, ex);
                    // Do not spin on an error that repeats; a short pause keeps one core free.
                    if (++consecutiveErrors > 10)
                    {
                        Thread.Sleep(Math.Min(consecutiveErrors, 100));
                    }

                    continue;
                }

                if (_isStopping)
                {
                    break;
                }

                if (received > _maxDatagramSize)
                {
                    // The buffer holds MaxDatagramSize + 1 bytes: filling it means the datagram was larger
                    // (Linux truncates silently and returns the buffer size). Never handled, never answered.
                    CountTruncated(context?.RemoteAddress ?? dropAddress, received);
                    continue;
                }

                CountReceived(received);
                if (context is null && (context = TryRentContext(socket.AddressFamily)) is not null)
                {
                    // A handler finished while this loop waited on its drop buffer: serve the datagram after all.
                    dropBuffer.AsSpan(0, received).CopyTo(context.ReceiveBuffer);
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

                    continue;
                }

                if (!Dispatch(context, received))
                {
                    context = null; // went asynchronous and took the context along
                }
            }
        }
        catch (Exception ex)
        {
            // A bug in this loop must not take the process down with an unhandled thread exception.
            UdpLog.ReceiveLoopCrashed(_logger, index, ex);
        }
        finally
        {
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

    /// <summary>Runs the handler; returns false when it went asynchronous (it then owns the context).</summary>
    private bool Dispatch(DatagramContext context, int length)
    {
        context.Reset(length);
        // Counted before the call: StopAsync may look at the count while the handler is still starting.
        Interlocked.Increment(ref _pendingHandlers);
        ValueTask task;
        try
        {
            task = _handler(context, _stopping.Token);
        }
        catch (Exception ex)
        {
            HandlerFailed(context, ex);
            HandlerDone();
            return true;
        }

        if (task.IsCompleted)
        {
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

        _ = AwaitHandlerAsync(context, task);
        return false;
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
        if (UdpMetrics.HandlerErrors.Enabled)
        {
            UdpMetrics.HandlerErrors.Add(1, new KeyValuePair<string, object?>("error.type", ex.GetType().FullName));
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

    /// <summary>Sends one reply from the server socket (any thread; UDP sends on one socket are thread safe).</summary>
    internal void SendReply(ReadOnlySpan<byte> reply, SocketAddress remote)
    {
        if (reply.Length > _maxDatagramSize)
        {
            ThrowReplyTooLarge(reply.Length, _maxDatagramSize);
        }

        if (TryQueueReply(reply, remote))
        {
            return; // sent with the rest of the loop's batch
        }

        var socket = _socket ?? throw new InvalidOperationException("The server has not been started.");
        CountSent(socket.SendTo(reply, SocketFlags.None, remote));
    }

    private void CountSent(int sent)
    {
        Interlocked.Increment(ref _datagramsSent);
        Interlocked.Add(ref _bytesSent, sent);
        if (UdpMetrics.DatagramsSent.Enabled)
        {
            UdpMetrics.DatagramsSent.Add(1);
        }

        if (UdpMetrics.BytesSent.Enabled)
        {
            UdpMetrics.BytesSent.Add(sent);
        }
    }

    /// <summary>Counts a datagram received but not answered (overload, or a reply that would not fit).</summary>
    internal void CountDropped(string reason)
    {
        Interlocked.Increment(ref _datagramsDropped);
        if (UdpMetrics.DatagramsDropped.Enabled)
        {
            UdpMetrics.DatagramsDropped.Add(1, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    private void CountReceived(int bytes)
    {
        Interlocked.Increment(ref _datagramsReceived);
        Interlocked.Add(ref _bytesReceived, bytes);
        if (UdpMetrics.DatagramsReceived.Enabled)
        {
            UdpMetrics.DatagramsReceived.Add(1);
        }

        if (UdpMetrics.BytesReceived.Enabled)
        {
            UdpMetrics.BytesReceived.Add(bytes);
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

    private static IPEndPoint CreateEndPoint(SocketAddress address) =>
        (IPEndPoint)(address.Family == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0)).Create(address);

    private static void ThrowReplyTooLarge(int length, int max) =>
        throw new ArgumentException($"The reply is {length} bytes; the server's MaxDatagramSize is {max}.", "reply");
}
