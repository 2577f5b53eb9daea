using System.Net;
using System.Net.Sockets;
using NetPrimitives.Ping.Engines.Linux;

namespace NetPrimitives.Ping.Engines;

/// <summary>
/// Polling (Linux): the sweep's own thread sends and reads the sockets (recvmsg, MSG_DONTWAIT; poll(2) over both
/// families' sockets when it has to wait), and matched answers go to the sweep's sink instead of a waiting task.
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

        return new Poller(this);
    }

    private PendingProbe SendPolled(IPAddress address, out ProbeOutcome? immediate)
    {
        var channel = SocketFor(address.AddressFamily);
        var probe = Register(address, out var sequence);
        immediate = Send(channel, probe, sequence);
        if (immediate is { } outcome)
        {
            probe.TrySetResult(outcome);
            Unregister(sequence, probe);
        }

        return probe;
    }

    /// <summary>Reads the sockets of one pinger; its native buffers belong to the loop thread that disposes it.</summary>
    private sealed class Poller(IcmpSocketPinger pinger) : IProbePoller
    {
        private const int DataBytes = 65_536;
        private readonly MessageReceiver?[] _receivers = new MessageReceiver?[2]; // [0] IPv4, [1] IPv6
        private readonly IcmpSocket?[] _channels = new IcmpSocket?[2];
        private readonly int[] _unexplained = new int[2];
        private readonly MessageReceiver[] _open = new MessageReceiver[2];
        private readonly int[] _openIndex = new int[2];

        public PendingProbe Send(IPAddress address, out ProbeOutcome? immediate) => pinger.SendPolled(address, out immediate);

        public void Forget(PendingProbe probe)
        {
            probe.TrySetResult(ProbeOutcome.TimedOut);
            pinger.Unregister((ushort)probe.ProbeId, probe);
        }

        public void Poll(TimeSpan wait)
        {
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
            if (MessageReceiver.PollAll(_open.AsSpan(0, count), ready, wait) == SocketReadiness.None)
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
            return _receivers[index] = new MessageReceiver(channel.Socket.SafeHandle, DataBytes);
        }

        public void Dispose()
        {
            foreach (var receiver in _receivers)
            {
                receiver?.Dispose();
            }
        }
    }
}
