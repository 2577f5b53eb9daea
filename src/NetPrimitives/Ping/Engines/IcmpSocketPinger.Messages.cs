using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NetPrimitives.Sockets.Linux;
using NetPrimitives.Ping.Icmp;

namespace NetPrimitives.Ping.Engines;

/// <summary>
/// The receive loop of a Linux datagram socket (<see cref="IcmpSocket.ReadsMessages"/>): recvmsg gives each reply's
/// TTL / hop limit as a control message, and ICMP errors, which such a socket never delivers as packets, wait in the
/// socket's error queue (ip(7) IP_RECVERR), announced by POLLERR and read with MSG_ERRQUEUE. Still one dedicated
/// thread per socket, as in <see cref="ReceiveLoop"/>, blocking in poll instead of recvfrom.
/// </summary>
internal sealed partial class IcmpSocketPinger
{
    private const int MaxReadsPerWakeUp = 256;

    // recvmsg failures with nothing in the error queue to explain them, in a row: not a socket that works.
    private const int MaxUnexplainedFailures = 1_000;

    private void ReceiveMessagesLoop(IcmpSocket channel)
    {
        var ipv6 = channel.Family == AddressFamily.InterNetworkV6;
        using var receiver = new MessageReceiver(channel.Socket.SafeHandle, 65_536);
        var token = _closing.Token;
        var unexplained = 0;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var ready = receiver.Poll(ReceivePollInterval);
                if ((ready & SocketReadiness.ErrorQueued) != 0)
                {
                    DrainErrorQueue(receiver, ipv6);
                }

                if ((ready & SocketReadiness.Readable) != 0)
                {
                    unexplained = ReadDatagrams(receiver, channel.Framing, ipv6, unexplained);
                }
            }
        }
        catch (ObjectDisposedException) when (token.IsCancellationRequested)
        {
            // The socket was closed at the end of the sweep.
        }
    }

    private int ReadDatagrams(MessageReceiver receiver, IcmpFraming framing, bool ipv6, int unexplained)
    {
        // Disposing the socket at the end of the sweep may shut it down first, which makes it readable (0-byte reads)
        // until the loop sees _closing.
        for (var reads = 0; reads < MaxReadsPerWakeUp && !_closing.IsCancellationRequested;)
        {
            var errno = receiver.TryReceiveMany(out var count);
            if (errno == 0)
            {
                var now = Stopwatch.GetTimestamp();
                unexplained = 0;
                for (var i = 0; i < count; i++)
                {
                    var message = receiver.Message(i);
                    if (SockAddr.ReadAddress(message.Name) is { } from)
                    {
                        Dispatch(message.Data, from, now, framing, ControlMessages.ReadHopLimit(message.Control, ipv6));
                    }
                    else
                    {
                        _metrics.PacketIgnored();
                    }
                }

                // A batch read that did not fill every slot emptied the queue: no need for the EAGAIN read.
                if (count < receiver.Slots)
                {
                    break;
                }

                reads += count;
                continue;
            }

            if (errno == Errno.Eagain)
            {
                break;
            }

            if (errno == Errno.Eintr)
            {
                continue;
            }

            // With IP_RECVERR the kernel also reports the newest queued error here, once (sk_err, e.g. EHOSTUNREACH);
            // the entry that explains it is in the error queue.
            _log.ReceiveErrno((int)errno);
            if (DrainErrorQueue(receiver, ipv6) > 0)
            {
                unexplained = 0;
            }
            else if (++unexplained > MaxUnexplainedFailures)
            {
                throw new IOException($"recvmsg on the ICMP datagram socket keeps failing: errno {(int)errno}");
            }

            reads++;
        }

        return unexplained;
    }

    private int DrainErrorQueue(MessageReceiver receiver, bool ipv6)
    {
        var drained = 0;
        while (drained < MaxReadsPerWakeUp)
        {
            var errno = receiver.TryReceive(errorQueue: true, out var message);
            if (errno == Errno.Eintr)
            {
                continue;
            }

            if (errno == Errno.Eagain)
            {
                break;
            }

            if (errno != 0)
            {
                // Reading the error queue fails only with EAGAIN when it works; POLLERR would otherwise wake us forever.
                throw new IOException($"reading the ICMP datagram socket's error queue failed: errno {(int)errno}");
            }

            drained++;
            if (ControlMessages.TryReadExtendedError(message.Control, ipv6, out var error))
            {
                DispatchQueuedError(error, message.Data, SockAddr.ReadAddress(message.Name), ipv6);
            }
            else
            {
                _metrics.PacketIgnored();
            }
        }

        return drained;
    }

    /// <summary>
    /// Handles one error-queue entry: <paramref name="returnedRequest"/> is our echo request as quoted by the error,
    /// <paramref name="originalDestination"/> the address it was sent to (msg_name), <see cref="ExtendedSocketError.Offender"/>
    /// the router or host that reported it. Matched and reported exactly like the error packets the raw engine reads.
    /// </summary>
    internal void DispatchQueuedError(in ExtendedSocketError error, ReadOnlySpan<byte> returnedRequest, IPAddress? originalDestination, bool ipv6)
    {
        // Local errors (SO_EE_ORIGIN_LOCAL, e.g. EMSGSIZE) answer no probe: it times out and is retried, as before.
        if (error.Origin != (ipv6 ? ErrorOrigin.Icmp6 : ErrorOrigin.Icmp)
            || !IcmpReplyParser.TryParseQueuedError(error.Type, error.Code, returnedRequest, originalDestination, ipv6, out var message))
        {
            _metrics.PacketIgnored();
            return;
        }

        Complete(message, error.Offender, Stopwatch.GetTimestamp());
    }
}
