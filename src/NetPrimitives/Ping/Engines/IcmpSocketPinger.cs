using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NetPrimitives.Ping.Icmp;

namespace NetPrimitives.Ping.Engines;

/// <summary>
/// One ICMP socket per address family for the whole sweep (the masscan/zmap shape): probes are sent as fast as
/// the sweep allows, one receive loop per socket matches answers to waiting probes by sequence number, and
/// the payload's nonce and probe number reject other programs' and stale packets.
/// </summary>
internal sealed partial class IcmpSocketPinger : IPinger
{
    private const int StaleErrorRetries = 8;

    private readonly bool _raw;
    private readonly int _packetSize;
    private readonly TimeProvider _time;
    private readonly PingLog _log;
    private readonly PingMetrics _metrics;
    private readonly ushort _identifier;
    private readonly ulong _nonce;
    private readonly ConcurrentDictionary<ushort, PendingProbe> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly object _openLock = new();
    private IcmpSocket? _v4;
    private IcmpSocket? _v6;
    private bool _receiveThreads;
    private uint _nextProbe;

    private IcmpSocketPinger(bool raw, int payloadSize, TimeProvider time, PingLog log, PingMetrics? metrics)
    {
        _metrics = metrics ?? PingMetrics.For(null);
        _raw = raw;
        _packetSize = EchoRequest.HeaderSize + payloadSize;
        _time = time;
        _log = log;
        // They only tell our replies from other programs' and from stale ones (fping uses its pid), so they need no
        // cryptographic generator: RandomNumberGenerator would load OpenSSL, a few milliseconds of a short sweep's start.
        _identifier = (ushort)Random.Shared.Next(1, 65_536);
        Span<byte> nonce = stackalloc byte[sizeof(ulong)];
        Random.Shared.NextBytes(nonce);
        _nonce = BitConverter.ToUInt64(nonce);
    }

    public PingEngine Engine => _raw ? PingEngine.RawSocket : PingEngine.DatagramSocket;

    public int MaxConcurrency => 60_000;

    /// <summary>Opens the socket for <paramref name="family"/> now, so that an engine that is not permitted fails at selection.</summary>
    /// <exception cref="SocketException">The socket cannot be opened (permission, protocol not supported).</exception>
    public static IcmpSocketPinger Open(bool raw, AddressFamily family, int payloadSize, TimeProvider time, PingLog log, PingMetrics? metrics = null)
    {
        var pinger = new IcmpSocketPinger(raw, payloadSize, time, log, metrics);
        pinger.SocketFor(family);
        pinger.WarmUp();
        return pinger;
    }

    public async ValueTask<ProbeOutcome> ProbeAsync(IPAddress address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_receiveFailure is { } failure)
        {
            throw new IOException("The ICMP receive loop failed; no answers can be received.", failure);
        }

        var channel = SocketFor(address.AddressFamily);
        EnsureReceiving(channel);
        var probe = Register(address, out var sequence);
        try
        {
            if (Send(channel, probe, sequence) is { } failed)
            {
                return failed;
            }

            return await probe.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return ProbeOutcome.TimedOut;
        }
        finally
        {
            Unregister(sequence, probe);
        }
    }

    internal ushort Identifier => _identifier;

    internal ulong Nonce => _nonce;

    /// <summary>A pinger with no socket yet, for tests of the matching logic (<see cref="Dispatch"/>).</summary>
    internal static IcmpSocketPinger CreateUnopened(bool raw, TimeProvider time, PingLog log) => new(raw, 56, time, log, null);

    /// <summary>Makes <paramref name="address"/>'s probe findable by a free sequence number.</summary>
    internal PendingProbe Register(IPAddress address, out ushort sequence)
    {
        var probe = new PendingProbe(address);
        do
        {
            probe.ProbeId = Interlocked.Increment(ref _nextProbe);
            sequence = (ushort)probe.ProbeId; // skips sequences still in flight (MaxConcurrency < 65,536 guarantees one is free)
        }
        while (!_pending.TryAdd(sequence, probe));

        probe.SentAt = Stopwatch.GetTimestamp();
        return probe;
    }

    internal void Unregister(ushort sequence, PendingProbe probe) => _pending.TryRemove(new KeyValuePair<ushort, PendingProbe>(sequence, probe));

    // The first replies would otherwise carry the JIT time of the parse-and-match path in their RTT (tens of ms):
    // run it once on a reply that matches nothing (nonce ^ 1 is never ours).
    private void WarmUp()
    {
        var packet = new byte[_packetSize];
        foreach (var (ipv6, framing) in new[] { (false, IcmpFraming.Ipv4Datagram), (true, IcmpFraming.Ipv6) })
        {
            EchoRequest.Write(packet, ipv6, _identifier, 0, new EchoPayload(_nonce ^ 1, 0, Stopwatch.GetTimestamp()));
            packet[0] = ipv6 ? (byte)129 : (byte)0;
            packet[2] = packet[3] = 0;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), IcmpChecksum.Compute(packet));
            Dispatch(packet, IPAddress.Loopback, Stopwatch.GetTimestamp(), framing);
        }
    }

    private ProbeOutcome? Send(IcmpSocket channel, PendingProbe probe, ushort sequence)
    {
        var packet = ArrayPool<byte>.Shared.Rent(_packetSize);
        try
        {
            var payload = new EchoPayload(_nonce, probe.ProbeId, Stopwatch.GetTimestamp());
            EchoRequest.Write(packet.AsSpan(0, _packetSize), channel.Family == AddressFamily.InterNetworkV6, _identifier, sequence, payload);
            var endPoint = new IPEndPoint(probe.Address, 0);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    probe.SentAt = Stopwatch.GetTimestamp(); // the RTT starts at the send, not at building the packet
                    channel.Socket.SendTo(packet, 0, _packetSize, SocketFlags.None, endPoint);
                    break;
                }
                catch (SocketException ex) when (channel.ReadsMessages && attempt < StaleErrorRetries
                    && ex.SocketErrorCode is not (SocketError.NoBufferSpaceAvailable or SocketError.WouldBlock))
                {
                    // With IP_RECVERR the kernel also keeps the newest ICMP error pending on the socket (sk_err), and
                    // the next sendto returns it, about an earlier probe, instead of sending; the error itself waits in
                    // the error queue for the receive loop. Each attempt consumes one; an error that comes back on
                    // every attempt is this send's own (no route...) and is handled below.
                }
            }

            _metrics.ProbeSent(Engine);
            return null;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.NetworkUnreachable or SocketError.HostUnreachable)
        {
            // No route: the kernel answers for the network, like an ICMP unreachable would.
            _metrics.ProbeSent(Engine);
            return new ProbeOutcome(ProbeStatus.Unreachable);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.NoBufferSpaceAvailable or SocketError.WouldBlock)
        {
            // A full send queue drops the probe, as a congested link would; the timeout and retries handle it.
            _log.SendDropped(probe.Address, ex.SocketErrorCode);
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(packet);
        }
    }

    private IcmpSocket SocketFor(AddressFamily family)
    {
        var existing = family == AddressFamily.InterNetwork ? _v4 : _v6;
        if (existing is not null)
        {
            return existing;
        }

        lock (_openLock)
        {
            ObjectDisposedException.ThrowIf(_closing.IsCancellationRequested, this);
            if (family == AddressFamily.InterNetwork)
            {
                return _v4 ??= IcmpSocket.Open(_raw, family);
            }

            return _v6 ??= IcmpSocket.Open(_raw, family);
        }
    }

    // The per-probe path reads each socket on a receive thread of its own, started with the first probe; a polling
    // sweep reads them itself. A pinger is used one way or the other, never both.
    private void EnsureReceiving(IcmpSocket channel)
    {
        if (channel.ReceiveStarted)
        {
            return;
        }

        lock (_openLock)
        {
            if (_pollSink is not null)
            {
                throw new InvalidOperationException("This pinger is driven by a polling sweep; ProbeAsync cannot be used with it.");
            }

            if (!channel.ReceiveStarted)
            {
                StartReceiving(channel);
                channel.ReceiveStarted = true;
                _receiveThreads = true;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_openLock)
        {
            _closing.Cancel();
        }

        // Closing the socket does not reliably wake a thread blocked in recvfrom on a raw socket (shutdown(2) fails
        // on unconnected sockets); the receive thread notices _closing within its poll interval and exits on its own,
        // so the sweep does not wait for it.
        foreach (var channel in new[] { _v4, _v6 })
        {
            channel?.Socket.Dispose();
        }

        foreach (var probe in _pending.Values)
        {
            probe.TrySetCanceled();
        }

        return ValueTask.CompletedTask;
    }
}
