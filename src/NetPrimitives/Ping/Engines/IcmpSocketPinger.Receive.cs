using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NetPrimitives.Ping.Icmp;

namespace NetPrimitives.Ping.Engines;

/// <summary>The receive loop: parse, match to a waiting probe, complete it. Anything else is counted and dropped.</summary>
internal sealed partial class IcmpSocketPinger
{
    private Exception? _receiveFailure;

    // A dedicated thread blocking in recvfrom: the receive timestamp is taken the moment the kernel hands the
    // packet over, not after an epoll thread and a thread-pool hop (which added ~1 ms, more while the pool warms up).
    private static readonly TimeSpan ReceivePollInterval = TimeSpan.FromMilliseconds(200);

    private IcmpSocket StartReceiving(IcmpSocket channel)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                if (channel.ReadsMessages)
                {
                    ReceiveMessagesLoop(channel);
                }
                else
                {
                    ReceiveLoop(channel);
                }
            }
            catch (Exception ex)
            {
                // Without a receive loop every probe would silently time out: fail them, and the sweep, instead.
                _receiveFailure = ex;
                foreach (var probe in _pending.Values)
                {
                    probe.TrySetException(ex);
                }
            }
            finally
            {
                stopped.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = $"ICMP receive ({channel.Family})",
        };
        channel.Socket.ReceiveTimeout = (int)ReceivePollInterval.TotalMilliseconds; // to notice the end of the sweep
        channel.Receiving = stopped.Task;
        thread.Start();
        return channel;
    }

    private void ReceiveLoop(IcmpSocket channel)
    {
        var buffer = new byte[65_536];
        EndPoint from = channel.Family == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
        var token = _closing.Token;
        while (!token.IsCancellationRequested)
        {
            int received;
            try
            {
                received = channel.Socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                continue;
            }
            catch (Exception ex) when (token.IsCancellationRequested && ex is SocketException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
            {
                // A datagram socket can report an earlier error; the socket itself is fine.
                _log.ReceiveError(ex.SocketErrorCode);
                continue;
            }

            var now = Stopwatch.GetTimestamp();
            Dispatch(buffer.AsSpan(0, received), ((IPEndPoint)from).Address, now, channel.Framing);
        }
    }

    /// <summary>Handles one received datagram; <paramref name="ttl"/> is the TTL a datagram socket read from a control message.</summary>
    internal void Dispatch(ReadOnlySpan<byte> datagram, IPAddress from, long receivedAt, IcmpFraming framing, int? ttl = null)
    {
        if (!IcmpReplyParser.TryParse(datagram, framing, out var message))
        {
            _metrics.PacketIgnored();
            return;
        }

        Complete(message.Ttl is null && ttl is not null ? message with { Ttl = ttl } : message, from, receivedAt);
    }

    /// <summary>Completes the probe <paramref name="message"/> answers; <paramref name="from"/> sent it (for errors: the reporting router, if known).</summary>
    internal void Complete(in IcmpMessage message, IPAddress? from, long receivedAt)
    {
        if (!TryMatch(message, out var probe))
        {
            _metrics.PacketIgnored();
            return;
        }

        ProbeOutcome outcome;
        if (message.Kind == IcmpMessageKind.EchoReply)
        {
            if (from is null || !SameAddress(from, probe.Address))
            {
                _metrics.PacketIgnored();
                return;
            }

            outcome = new ProbeOutcome(ProbeStatus.Alive, Stopwatch.GetElapsedTime(probe.SentAt, receivedAt), message.Ttl);
        }
        else
        {
            outcome = new ProbeOutcome(ProbeStatus.Unreachable, IcmpType: message.Type, IcmpCode: message.Code, ReportedBy: from);
        }

        if (_pollSink is { } sink)
        {
            // Polling: the sweep's loop thread is the caller; the probe is done once, and its sequence is free again.
            if (probe.TrySetResult(outcome))
            {
                Unregister((ushort)probe.ProbeId, probe);
                sink(probe, outcome);
            }

            return;
        }

        probe.TrySetResult(outcome);
    }

    private bool TryMatch(IcmpMessage message, out PendingProbe probe)
    {
        probe = null!;

        // Raw sockets see every ICMP packet on the host: the identifier is ours only on raw sockets, because a
        // datagram socket's kernel rewrites it to the socket's port (and only delivers that port's replies).
        if (_raw && message.Identifier != _identifier)
        {
            return false;
        }

        // An echo reply must carry our payload back (RFC 792: "the data received in the echo message must be
        // returned"); an error may quote only 64 bits of it, then the sequence and quoted destination decide.
        if (message.Payload is { } payload ? payload.Nonce != _nonce : message.Kind == IcmpMessageKind.EchoReply)
        {
            return false;
        }

        if (!_pending.TryGetValue(message.Sequence, out var pending)
            || (message.Payload is { } carried && carried.ProbeId != pending.ProbeId)
            || (message.OriginalDestination is { } quoted && !SameAddress(quoted, pending.Address)))
        {
            return false;
        }

        probe = pending;
        return true;
    }

    // Scope ids differ between what we sent to (fe80::1%2) and what the socket reports; the address bytes decide.
    private static bool SameAddress(IPAddress a, IPAddress b)
    {
        if (a.AddressFamily != b.AddressFamily)
        {
            return false;
        }

        Span<byte> left = stackalloc byte[16];
        Span<byte> right = stackalloc byte[16];
        return a.TryWriteBytes(left, out var length) && b.TryWriteBytes(right, out var other)
            && left[..length].SequenceEqual(right[..other]);
    }
}
