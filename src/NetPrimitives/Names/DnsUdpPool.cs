using System.Net;

namespace NetPrimitives.Names;

/// <summary>
/// The UDP sockets of one <see cref="DnsStubClient"/>. A query goes to the open socket with the fewest queries in
/// flight (a new socket is opened while every open one is busy and a slot is free). A socket is retired — takes
/// no new queries and closes when its last one is done — after <see cref="DnsStubClientOptions.QueriesPerUdpSocket"/>
/// queries or <see cref="DnsStubClientOptions.UdpSocketMaxAge"/>, so the source port keeps changing (RFC 5452 §9.2);
/// an idle socket closes after <see cref="DnsStubClientOptions.UdpSocketIdleTimeout"/>, so a client nobody disposes
/// holds no socket (and no receive loop) for long.
/// </summary>
internal sealed class DnsUdpPool : IDisposable
{
    // The pool gets one socket per this many allowed outstanding queries, and a query goes to the least busy
    // socket, so no socket in use has more than this many in flight: fewer ids in flight on one port leave a
    // blind spoofer fewer targets (RFC 5452 §4, §9.2), and a fresh random id is found at the first or second draw.
    internal const int QueriesInFlightPerSocket = 64;
    private static readonly TimeSpan HousekeepingPeriod = TimeSpan.FromSeconds(1);

    private readonly DnsStubClient _client;
    private readonly IPEndPoint _server;
    private readonly DnsUdpSocket?[] _slots;
    private readonly HashSet<DnsUdpSocket> _draining = [];
    private readonly int _queriesPerSocket;
    private readonly TimeSpan _maxAge;
    private readonly TimeSpan _idle;
    private readonly TimeProvider _time;
    private readonly ITimer _housekeeping;
    private bool _housekeepingRunning;
    private bool _disposed;

    public DnsUdpPool(DnsStubClient client, IPEndPoint server, DnsStubClientOptions options)
    {
        _client = client;
        _server = server;
        var sockets = Math.Max(options.UdpSockets, (options.MaxConcurrentQueries + QueriesInFlightPerSocket - 1) / QueriesInFlightPerSocket);
        _slots = new DnsUdpSocket?[sockets];
        _queriesPerSocket = options.QueriesPerUdpSocket;
        _maxAge = options.UdpSocketMaxAge;
        _idle = options.UdpSocketIdleTimeout;
        _time = options.TimeProvider;

        // The timer holds the pool only while it runs, and it stops once no socket is open.
        _housekeeping = _time.CreateTimer(static s => ((DnsUdpPool)s!).Housekeep(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The pool's clock, for the sockets' opening and last-use times.</summary>
    public long Now => _time.GetTimestamp();

    /// <summary>Sockets open now (in use or draining after retirement).</summary>
    internal int OpenSockets
    {
        get
        {
            lock (_slots)
            {
                return _slots.Count(s => s is not null) + _draining.Count;
            }
        }
    }

    /// <summary>Queries registered on the sockets now, waiting for their answers.</summary>
    internal int InFlight
    {
        get
        {
            lock (_slots)
            {
                return _slots.Sum(s => s?.InFlight ?? 0) + _draining.Sum(s => s.InFlight);
            }
        }
    }

    /// <summary>Registers a query on a socket; the caller sends it, awaits it and removes it.</summary>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public DnsUdpPending Register(string name, DnsRecordType type)
    {
        lock (_slots)
        {
            ObjectDisposedException.ThrowIf(_disposed, _client);
            while (true)
            {
                var slot = PickSlot();
                var socket = _slots[slot] ??= DnsUdpSocket.Open(this, _server);
                var pending = socket.TryRegister(name, type);
                if (pending is null)
                {
                    // Closed by a failed receive loop: replace it.
                    _slots[slot] = null;
                    continue;
                }

                if (socket.Issued >= _queriesPerSocket)
                {
                    _slots[slot] = null;
                    _draining.Add(socket);
                    socket.Retire();
                }

                if (!_housekeepingRunning)
                {
                    _housekeepingRunning = true;
                    _housekeeping.Change(HousekeepingPeriod, HousekeepingPeriod);
                }

                return pending;
            }
        }
    }

    public void Ignore(System.Net.SocketAddress from, string reason) => _client.Ignore(_server.Create(from), reason);

    /// <summary>A retired socket closed after its last query.</summary>
    public void Forget(DnsUdpSocket socket)
    {
        lock (_slots)
        {
            _draining.Remove(socket);
        }
    }

    /// <summary>Closes every socket; queries in flight end with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        DnsUdpSocket[] all;
        lock (_slots)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            all = [.. _slots.OfType<DnsUdpSocket>(), .. _draining];
            Array.Clear(_slots);
            _draining.Clear();
            _housekeeping.Dispose();
        }

        var reason = new ObjectDisposedException(nameof(DnsStubClient), "The DNS client was disposed with the query in flight.");
        foreach (var socket in all)
        {
            socket.Close(reason);
        }

        Loops = [.. all.Select(s => s.Loop)];
    }

    /// <summary>The receive loops of the sockets closed by <see cref="Dispose"/>.</summary>
    internal Task[] Loops { get; private set; } = [];

    private int PickSlot()
    {
        var best = -1;
        var free = -1;
        for (var i = 0; i < _slots.Length; i++)
        {
            var socket = _slots[i];
            if (socket is null)
            {
                free = free < 0 ? i : free;
            }
            else if (best < 0 || socket.InFlight < _slots[best]!.InFlight)
            {
                best = i;
            }
        }

        // Reuse an idle socket; open another only when all open ones are busy.
        return best >= 0 && (_slots[best]!.InFlight == 0 || free < 0) ? best : free;
    }

    private void Housekeep()
    {
        var retire = new List<DnsUdpSocket>();
        lock (_slots)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            for (var i = 0; i < _slots.Length; i++)
            {
                var socket = _slots[i];
                if (socket is null)
                {
                    continue;
                }

                var idle = socket.InFlight == 0 && _time.GetElapsedTime(socket.LastUsed, now) >= _idle;
                if (idle || _time.GetElapsedTime(socket.OpenedAt, now) >= _maxAge)
                {
                    _slots[i] = null;
                    retire.Add(socket);
                }
            }

            foreach (var socket in retire)
            {
                // Retire under the lock: a socket with queries in flight joins the draining set before it can close.
                if (!socket.Retire())
                {
                    _draining.Add(socket);
                }
            }

            if (_draining.Count == 0 && Array.TrueForAll(_slots, s => s is null))
            {
                _housekeepingRunning = false;
                _housekeeping.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }
}
