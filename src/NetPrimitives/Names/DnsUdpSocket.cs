using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using NetPrimitives.Sockets;

namespace NetPrimitives.Names;

/// <summary>
/// One pooled UDP socket of a <see cref="DnsStubClient"/>: connected to the server (the kernel then drops
/// datagrams from any other source), with one receive loop that hands each answer to the in-flight query with
/// its id and question. Retired after a bounded number of queries so the source port keeps changing (RFC 5452 §9.2).
/// </summary>
internal sealed class DnsUdpSocket
{
    // We send no EDNS OPT record, so a conforming server answers in at most 512 bytes over UDP (RFC 1035 §4.2.1)
    // and sets TC otherwise. Larger datagrams are cut to this size; a cut message without TC decodes as malformed.
    private const int MaxUdpMessage = 4096;

    private readonly Socket _socket;
    private readonly DnsUdpPool _pool;
    private readonly SocketAddress _server;
    private readonly Dictionary<ushort, DnsUdpPending> _pending = [];
    private readonly ushort[] _ids = new ushort[64];
    private readonly TaskCompletionSource _loopEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _idsUsed = 64;
    private int _issued;
    private int _inFlight;
    private bool _retiring;
    private bool _closed;

    private DnsUdpSocket(DnsUdpPool pool, Socket socket, IPEndPoint server)
    {
        _pool = pool;
        _socket = socket;
        _server = server.Serialize();
        OpenedAt = LastUsed = pool.Now;
        _ = Task.Run(ReceiveLoopAsync); // on the thread pool: never inside the pool's lock or a caller's context
    }

    public long OpenedAt { get; }

    public long LastUsed { get; private set; }

    public int Issued => Volatile.Read(ref _issued);

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Completes when the receive loop has ended for good (its instances hand over to each other until then).</summary>
    public Task Loop => _loopEnded.Task;

    // Connecting binds a random ephemeral port (RFC 5452 §9.2) and makes the kernel filter the source.
    public static DnsUdpSocket Open(DnsUdpPool pool, IPEndPoint server) => new(pool, DatagramSockets.Connect(server), server);

    /// <summary>Adds a query with a fresh random id, or returns null when the socket takes no more queries.</summary>
    public DnsUdpPending? TryRegister(string name, DnsRecordType type)
    {
        lock (_pending)
        {
            if (_closed || _retiring)
            {
                return null;
            }

            // Unpredictable ids (RFC 5452 §9.2), unique among this socket's in-flight queries so that an answer
            // maps to exactly one of them. The pool keeps well under 65,536 in flight here, so this ends at once.
            ushort id;
            do
            {
                id = NewId();
            }
            while (_pending.ContainsKey(id));

            var pending = new DnsUdpPending(this, id, name, type);
            _pending.Add(id, pending);
            _inFlight = _pending.Count;
            _issued++;
            LastUsed = _pool.Now;
            return pending;
        }
    }

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> query, CancellationToken cancellationToken) =>
        _socket.SendAsync(query, SocketFlags.None, cancellationToken);

    /// <summary>Forgets a finished, timed-out or cancelled query: a late answer to it is then ignored. Closes a drained retired socket.</summary>
    public void Remove(DnsUdpPending pending)
    {
        bool closeNow;
        lock (_pending)
        {
            if (_pending.TryGetValue(pending.Id, out var current) && ReferenceEquals(current, pending))
            {
                _pending.Remove(pending.Id);
                _inFlight = _pending.Count;
            }

            closeNow = _retiring && _pending.Count == 0 && !_closed;
            _closed |= closeNow;
        }

        if (closeNow)
        {
            _socket.Dispose();
            _pool.Forget(this);
        }
    }

    /// <summary>Takes no new queries; closes once the last in-flight one is done. Returns true if it closed now.</summary>
    public bool Retire()
    {
        bool closeNow;
        lock (_pending)
        {
            _retiring = true;
            closeNow = _pending.Count == 0 && !_closed;
            _closed |= closeNow;
        }

        if (closeNow)
        {
            _socket.Dispose();
        }

        return closeNow;
    }

    /// <summary>Closes the socket and ends every in-flight query with <paramref name="reason"/>.</summary>
    public void Close(Exception reason)
    {
        DnsUdpPending[] orphans;
        lock (_pending)
        {
            _closed = true;
            orphans = [.. _pending.Values];
            _pending.Clear();
            _inFlight = 0;
        }

        _socket.Dispose();
        foreach (var pending in orphans)
        {
            pending.Fail(reason);
        }
    }

    /// <summary>
    /// One instance of the receive loop. Datagrams already waiting are read on the spot and their callers resumed on
    /// the thread pool. A datagram the loop had to wait for arrives on a fresh thread-pool thread: the loop then
    /// starts its successor (which takes over the socket's receive) and resumes that datagram's caller inline, on this
    /// thread, saving a thread-pool hop per answer; a caller that blocks stalls only this thread, never the socket.
    /// </summary>
    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxUdpMessage);
        var from = new SocketAddress(_socket.AddressFamily);
        try
        {
            while (true)
            {
                int received;
                try
                {
                    var receive = _socket.ReceiveFromAsync(buffer, SocketFlags.None, from);
                    if (receive.IsCompleted)
                    {
                        // Already waiting (or failed at once): this thread may be a caller's, resumed inline by the
                        // loop instance before us. Resume this answer's caller on the pool, and read on.
                        Dispatch(buffer.AsSpan(0, receive.GetAwaiter().GetResult()), from, inline: false);
                        continue;
                    }

                    received = await receive.ConfigureAwait(false);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset && !IsClosed())
                {
                    // ICMP port unreachable for one of our datagrams: the server is not there. Every query on this
                    // socket fails its attempt (and retries with a new id) rather than waiting for its timeout.
                    FailAll(ex);
                    continue;
                }

                // A fresh thread: hand the socket's receive on, then resume this answer's caller here. The successor
                // starts on another pool thread, so its first receive (usually finding nothing yet) is not on the
                // path between this answer and its caller.
                ThreadPool.UnsafeQueueUserWorkItem(static socket => _ = socket.ReceiveLoopAsync(), this, preferLocal: false);
                Dispatch(buffer.AsSpan(0, received), from, inline: true);
                return;
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException || (ex is SocketException && IsClosed()))
        {
            // Closed by retirement, idleness or Dispose: whoever closed it has ended the in-flight queries.
            _loopEnded.TrySetResult();
        }
        catch (Exception ex)
        {
            Close(ex);
            _loopEnded.TrySetResult();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Dispatch(ReadOnlySpan<byte> message, SocketAddress from, bool inline)
    {
        if (!from.Equals(_server))
        {
            // The kernel filters a connected socket's sources; this check stays as defence in depth.
            _pool.Ignore(from, "not from the server's address and port");
            return;
        }

        if (!DnsMessageReader.TryReadHeader(message, out var id, out var flags) || (flags & 0x8000) == 0)
        {
            _pool.Ignore(from, "short, or not a response");
            return;
        }

        DnsUdpPending? pending;
        lock (_pending)
        {
            _pending.TryGetValue(id, out pending);
        }

        if (pending is null)
        {
            _pool.Ignore(from, "no query in flight with this id (late, cancelled, timed out or forged)");
            return;
        }

        DnsResponse response;
        try
        {
            response = DnsMessageReader.Read(message, pending.Name);
        }
        catch (DnsFormatException ex)
        {
            Remove(pending);
            pending.Fail(ex);
            return;
        }

        if (!DnsStubClient.IsAnswerTo(response, pending.Name, pending.Type))
        {
            _pool.Ignore(from, $"answers another question ({response.QuestionName} {response.QuestionType} class {response.QuestionClass})");
            return;
        }

        Remove(pending);
        if (inline)
        {
            pending.CompleteInline(response);
        }
        else
        {
            pending.Complete(response);
        }
    }

    private void FailAll(SocketException ex)
    {
        DnsUdpPending[] failed;
        lock (_pending)
        {
            failed = [.. _pending.Values];
        }

        foreach (var pending in failed)
        {
            Remove(pending);
            pending.Fail(ex);
        }
    }

    private bool IsClosed()
    {
        lock (_pending)
        {
            return _closed;
        }
    }

    // Called under the _pending lock. The ids come from the cryptographic generator, drawn 64 at a time: one
    // call into it per 64 queries instead of one per query, the same unpredictability (RFC 5452 §9.2).
    private ushort NewId()
    {
        if (_idsUsed == _ids.Length)
        {
            RandomNumberGenerator.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_ids.AsSpan()));
            _idsUsed = 0;
        }

        var id = _ids[_idsUsed];
        _idsUsed++;
        return id;
    }
}
