using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

/// <summary>
/// The udp mode's event-loop load generator (wrk/memtier style): N connected, non-blocking UDP sockets, one request
/// outstanding on each, driven by a few generator threads that each own a share of the sockets and one epoll
/// instance. No thread sleeps per request, so the generator's CPU per request is small and the machine is left to
/// the server under test. Per request it allocates nothing (synchronous span calls with an out SocketError: no
/// exceptions, no event args), so in-process allocation deltas stay the server's.
/// </summary>
internal sealed class UdpEpollClient : IUdpLoadClient
{
    private readonly Worker[] _workers;

    public UdpEpollClient(IPEndPoint server, int senders, int size, int threads)
    {
        var request = new byte[size];
        for (var i = 0; i < size; i++)
        {
            request[i] = (byte)('a' + (i % 26));
        }

        threads = Math.Clamp(threads, 1, senders);
        // Sender s goes to thread s % threads: shares differ by at most one socket.
        _workers = Enumerable.Range(0, threads).Select(t => new Worker(server, (senders / threads) + (t < senders % threads ? 1 : 0), request)).ToArray();
    }

    public bool NamedThreads => true;

    public (long Replies, long Losses) Counts() =>
        (_workers.Sum(w => Interlocked.Read(ref w.Replies)), _workers.Sum(w => Interlocked.Read(ref w.Losses)));

    public Task RunAsync(Func<bool> running, Func<bool> takeBudget) =>
        Task.WhenAll(_workers.Select(w => ThreadCpu.RunSenderThread(() => w.Run(running, takeBudget))));

    public void Dispose()
    {
        foreach (var worker in _workers)
        {
            worker.Dispose();
        }
    }

    /// <summary>One generator thread's sockets, their state and its epoll instance.</summary>
    private sealed class Worker : IDisposable
    {
        // The same loss rule as UdpLoadSender: a reply missing for 200 ms counts as lost and the request goes again.
        private static readonly long LossTicks = Stopwatch.Frequency / 5;
        // Outstanding requests are checked for loss this often (and epoll_wait returns at least this often).
        private const int SweepMilliseconds = 50;
        private static readonly long SweepTicks = Stopwatch.Frequency * SweepMilliseconds / 1000;

        private readonly Socket[] _sockets;
        private readonly bool[] _outstanding;
        private readonly long[] _sentAt;
        private readonly byte[] _request;
        private readonly byte[] _reply;
        private readonly int[] _ready;
        private readonly Epoll _epoll;
        private int _idle;

        public long Replies;
        public long Losses;

        public Worker(IPEndPoint server, int count, byte[] request)
        {
            _request = request;
            _reply = new byte[request.Length + 1];
            _outstanding = new bool[count];
            _sentAt = new long[count];
            _ready = new int[Math.Min(count, 256)];
            _epoll = new Epoll(_ready.Length);
            _sockets = new Socket[count];
            _idle = count;
            for (var i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                _sockets[i] = socket;
                socket.Connect(server);
                socket.Blocking = false;
                _epoll.AddReadable(socket.Handle, i);
            }
        }

        public void Run(Func<bool> running, Func<bool> takeBudget)
        {
            var now = Stopwatch.GetTimestamp();
            for (var i = 0; i < _sockets.Length; i++)
            {
                Send(i, now, takeBudget);
            }

            var lastSweep = now;
            // Stops when told to, or once the budget is spent and no request is left outstanding.
            while (running() && _idle < _sockets.Length)
            {
                var n = _epoll.Wait(_ready, SweepMilliseconds);
                // One clock reading per wake-up stamps every send it leads to: precise enough for a 200 ms rule.
                now = Stopwatch.GetTimestamp();
                for (var k = 0; k < n; k++)
                {
                    Receive(_ready[k], now, takeBudget);
                }

                if (now - lastSweep >= SweepTicks)
                {
                    lastSweep = now;
                    Sweep(now, takeBudget);
                }
            }
        }

        // One reply per readiness report: with one request outstanding there is seldom more than one queued, and
        // epoll is level-triggered, so anything left (a late reply to a request already sent again) is reported
        // on the next wait; draining until EAGAIN would cost one more recvmsg per request.
        private void Receive(int i, long now, Func<bool> takeBudget)
        {
            var n = _sockets[i].Receive(_reply.AsSpan(), SocketFlags.None, out var error);
            if (error != SocketError.Success)
            {
                // WouldBlock: nothing after all. ConnectionRefused (an ICMP error for an earlier request): that request
                // is lost, which the sweep counts when its 200 ms are up.
                return;
            }

            if (n != _request.Length || _reply[0] != _request[0] - 32)
            {
                throw new InvalidOperationException("wrong reply");
            }

            // A reply after the budget ran out (a late one to a request sent again) answers nothing.
            if (_outstanding[i])
            {
                _outstanding[i] = false;
                _idle++;
                Interlocked.Increment(ref Replies);
                Send(i, now, takeBudget);
            }
        }

        private void Sweep(long now, Func<bool> takeBudget)
        {
            for (var i = 0; i < _sockets.Length; i++)
            {
                if (_outstanding[i] && now - _sentAt[i] > LossTicks)
                {
                    Interlocked.Increment(ref Losses);
                    _outstanding[i] = false;
                    _idle++;
                    Send(i, now, takeBudget);
                }
            }
        }

        private void Send(int i, long now, Func<bool> takeBudget)
        {
            if (!takeBudget())
            {
                return;
            }

            // A failed send (a pending ICMP error, a full buffer) is left to the loss rule, like a dropped datagram:
            // the request counts as outstanding either way.
            _ = _sockets[i].Send(_request.AsSpan(), SocketFlags.None, out _);
            _outstanding[i] = true;
            _idle--;
            _sentAt[i] = now;
        }

        public void Dispose()
        {
            foreach (var socket in _sockets)
            {
                socket?.Dispose();
            }

            _epoll.Dispose();
        }
    }
}
