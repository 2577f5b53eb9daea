using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NetPrimitives.Sockets.Linux;
using NetPrimitives.Ping.Icmp;

namespace NetPrimitives.Ping.Engines;

/// <summary>
/// Polling (Linux): the sweep's own thread sends (sendmmsg, a batch at a time) and reads the sockets (recvmmsg,
/// MSG_DONTWAIT; poll(2) over both families' sockets when it has to wait), and matched answers go to the sweep's sink
/// instead of a waiting task.
/// </summary>
internal sealed partial class IcmpSocketPinger : IPollingPinger
{
    private Action<PendingProbe, ProbeOutcome>? _pollSink;

    public IProbePoller? TryStartPolling(Action<PendingProbe, ProbeOutcome> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (!LinuxSocketApi.IsSupported)
        {
            return null;
        }

        lock (_openLock)
        {
            if (_receiveThreads || _pollSink is not null)
            {
                return null;
            }

            _pollSink = sink;
        }

        var poller = new Poller(this);
        try
        {
            poller.WarmUp();
        }
        catch
        {
            poller.Dispose(); // its native buffers; no loop will own it
            throw;
        }

        return poller;
    }

    /// <summary>Reads the sockets of one pinger; its native buffers belong to the loop thread that disposes it.</summary>
    private sealed class Poller(IcmpSocketPinger pinger) : IProbePoller
    {
        // Our packets are at most 1,500 bytes (PayloadSize 1,472 + headers), and the ICMP errors quoting them at most
        // 1,280 (RFC 4443 §2.4); anything longer is not ours and may be cut. 32 slots: one recvmmsg reads a burst.
        private const int DataBytes = 2_048;
        private const int Slots = 32;
        private readonly MessageReceiver?[] _receivers = new MessageReceiver?[2]; // [0] IPv4, [1] IPv6
        private readonly IcmpSocket?[] _channels = new IcmpSocket?[2];
        private readonly int[] _unexplained = new int[2];
        private readonly MessageReceiver[] _open = new MessageReceiver[2];
        private readonly int[] _openIndex = new int[2];

        // Probes per sendmmsg. The sweep's own batch is as large, so each batch leaves in one system call.
        private const int SendSlots = 8;
        private readonly MessageSender?[] _senders = new MessageSender?[2];
        private readonly PendingProbe?[][] _batched = [new PendingProbe?[SendSlots], new PendingProbe?[SendSlots]];

        /// <summary>Queues the probe in its family's batch; the batch leaves at the next <see cref="Poll"/> (or when a full one is added to).</summary>
        public PendingProbe Send(IPAddress address, out ProbeOutcome? immediate)
        {
            immediate = null; // a send failure (no route) reaches the sink when the batch leaves
            var index = address.AddressFamily == AddressFamily.InterNetworkV6 ? 1 : 0;
            var channel = pinger.SocketFor(address.AddressFamily);
            var sender = Sender(index, channel);
            if (sender.IsFull)
            {
                // Not when the batch fills: the caller has not yet labelled the probe just added, and a send failure
                // would reach the sink with it unlabelled.
                Flush(index, channel);
            }

            var probe = pinger.Register(address, out var sequence);
            var payload = new EchoPayload(pinger._nonce, probe.ProbeId, Stopwatch.GetTimestamp());
            EchoRequest.Write(sender.Add(address), index == 1, pinger._identifier, sequence, payload);
            _batched[index][sender.Count - 1] = probe;
            return probe;
        }

        private MessageSender Sender(int index, IcmpSocket channel) =>
            _senders[index] ??= new MessageSender(channel.Socket.SafeHandle, pinger._packetSize, SendSlots);

        /// <summary>
        /// Runs the send and read paths once before the first probe (a send of no datagrams; a read of whatever is
        /// queued, which is handled as any read), so that their first-call JIT and native binding do not land inside
        /// the first batch's round trips (they added 3.5 ms to each in a process's first sweep).
        /// </summary>
        public void WarmUp()
        {
            Span<SocketReadiness> ready = stackalloc SocketReadiness[1];
            for (var i = 0; i < 2; i++)
            {
                if (Receiver(i) is { } receiver)
                {
                    var channel = _channels[i]!;
                    Sender(i, channel).Send(0, out _);
                    MessageReceiver.PollAll([receiver], ready, TimeSpan.Zero);
                    _unexplained[i] = pinger.ReadDatagrams(receiver, channel.Framing, i == 1, _unexplained[i]);
                }
            }
        }

        private void Flush(int index, IcmpSocket channel)
        {
            if (_senders[index] is not { Count: > 0 } sender)
            {
                return;
            }

            var probes = _batched[index];
            var now = Stopwatch.GetTimestamp(); // every round trip of the batch starts here
            for (var i = 0; i < sender.Count; i++)
            {
                probes[i]!.SentAt = now;
            }

            for (var next = 0; next < sender.Count;)
            {
                var sent = sender.Send(next, out var errno);
                if (sent > 0)
                {
                    for (var i = 0; i < sent; i++)
                    {
                        pinger._metrics.ProbeSent(pinger.Engine);
                    }

                    next += sent;
                    continue;
                }

                if (errno == Errno.Eintr)
                {
                    continue;
                }

                // The batch stopped at this probe: the one-probe send decides about it as for any probe (no route:
                // unreachable at once; a full queue: dropped, to time out; a stale error of an earlier probe: sent again).
                var probe = probes[next]!;
                if (pinger.Send(channel, probe, (ushort)probe.ProbeId) is { } outcome && probe.TrySetResult(outcome))
                {
                    pinger.Unregister((ushort)probe.ProbeId, probe);
                    pinger._pollSink!(probe, outcome);
                }

                next++;
            }

            sender.Clear();
            Array.Clear(probes);
        }

        public void Forget(PendingProbe probe)
        {
            probe.TrySetResult(ProbeOutcome.TimedOut);
            pinger.Unregister((ushort)probe.ProbeId, probe);
        }

        public void Poll(TimeSpan wait)
        {
            for (var i = 0; i < 2; i++)
            {
                if (_senders[i] is { Count: > 0 })
                {
                    Flush(i, (i == 0 ? pinger._v4 : pinger._v6)!);
                }
            }

            var count = 0;
            for (var i = 0; i < 2; i++)
            {
                if (Receiver(i) is { } receiver)
                {
                    _open[count] = receiver;
                    _openIndex[count++] = i;
                }
            }

            if (count == 0)
            {
                // Nothing sent yet: no socket to wait on.
                if (wait > TimeSpan.Zero)
                {
                    Thread.Sleep(wait);
                }

                return;
            }

            Span<SocketReadiness> ready = stackalloc SocketReadiness[2];
            if (wait == TimeSpan.Zero && pinger._raw)
            {
                // Between sends: a raw socket has no error queue to look after, so read it straight away (one recvmmsg
                // says whether anything is there) rather than asking poll(2) first.
                ready[..count].Fill(SocketReadiness.Readable);
            }
            else if (MessageReceiver.PollAll(_open.AsSpan(0, count), ready, wait) == SocketReadiness.None)
            {
                return;
            }

            for (var n = 0; n < count; n++)
            {
                var i = _openIndex[n];
                var channel = _channels[i]!;
                var ipv6 = i == 1;
                if ((ready[n] & SocketReadiness.ErrorQueued) != 0 && channel.ReadsMessages)
                {
                    pinger.DrainErrorQueue(_open[n], ipv6);
                }

                // A pending socket error (POLLERR without queue entries) is also consumed by the next read.
                if (ready[n] != SocketReadiness.None)
                {
                    _unexplained[i] = pinger.ReadDatagrams(_open[n], channel.Framing, ipv6, _unexplained[i]);
                }
            }
        }

        private MessageReceiver? Receiver(int index)
        {
            if (_receivers[index] is { } existing)
            {
                return existing;
            }

            var channel = index == 0 ? pinger._v4 : pinger._v6;
            if (channel is null)
            {
                return null;
            }

            _channels[index] = channel;
            return _receivers[index] = new MessageReceiver(channel.Socket.SafeHandle, DataBytes, Slots);
        }

        public void Dispose()
        {
            foreach (var receiver in _receivers)
            {
                receiver?.Dispose();
            }

            foreach (var sender in _senders)
            {
                sender?.Dispose();
            }
        }
    }
}
