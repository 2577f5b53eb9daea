using System.Net.Sockets;

/// <summary>
/// A TCP session built the way NetCoreServer builds its TcpSession and TcpClient, for the rival side of tcp-compare
/// (the package itself cannot be restored here): one <see cref="SocketAsyncEventArgs"/> receive at a time into a
/// fixed buffer, a synchronous <see cref="OnReceived"/> callback, and a double send buffer. <see cref="Send"/>
/// appends to the main buffer under a lock and starts a send when none is in flight; the sender swaps main and
/// flush when the flush buffer is empty and sends the flush buffer with one <see cref="SocketAsyncEventArgs"/>.
/// Synchronous completions loop instead of recursing.
/// </summary>
internal abstract class SaeaSession : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _receiveBuffer;
    private readonly SocketAsyncEventArgs _receiveArgs = new();
    private readonly SocketAsyncEventArgs _sendArgs = new();
    private readonly Lock _sendLock = new();
    private GrowableBuffer _main = new();
    private GrowableBuffer _flush = new();
    private int _flushOffset;
    private bool _sending;
    private volatile bool _closed;

    protected SaeaSession(Socket socket, int receiveBufferSize = 8192)
    {
        _socket = socket;
        _receiveBuffer = new byte[receiveBufferSize];
        _receiveArgs.SetBuffer(_receiveBuffer);
        _receiveArgs.Completed += (_, _) =>
        {
            if (ProcessReceive())
            {
                ReceiveLoop();
            }
        };
        _sendArgs.Completed += (_, _) =>
        {
            if (ProcessSend())
            {
                SendLoop();
            }
        };
    }

    /// <summary>Errors seen (a reset, a failed send); a clean close by the peer is not one.</summary>
    public long Errors { get; private set; }

    /// <summary>Starts receiving.</summary>
    public void Start() => ReceiveLoop();

    /// <summary>Queues <paramref name="data"/> (copied) and starts a send if none is in flight.</summary>
    public void Send(ReadOnlySpan<byte> data)
    {
        lock (_sendLock)
        {
            _main.Append(data);
            if (_sending)
            {
                return;
            }

            _sending = true;
        }

        SendLoop();
    }

    public void Dispose()
    {
        _closed = true;
        _socket.Dispose();
        _receiveArgs.Dispose();
        _sendArgs.Dispose();
    }

    /// <summary>Called on the receive path with the bytes of one receive (valid only during the call).</summary>
    protected abstract void OnReceived(ReadOnlySpan<byte> data);

    /// <summary>
    /// Starts socket operations one after another while they complete synchronously and <paramref name="process"/>
    /// says to go on; returns when one is pending (its Completed handler goes on from there) or the socket is closed.
    /// </summary>
    internal static void RunWhileSynchronous(Func<bool> start, Func<bool> process)
    {
        while (true)
        {
            bool pending;
            try
            {
                pending = start();
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (pending || !process())
            {
                return;
            }
        }
    }

    // A closed session stops as if the receive were pending.
    private void ReceiveLoop() => RunWhileSynchronous(() => _closed || _socket.ReceiveAsync(_receiveArgs), ProcessReceive);

    private bool ProcessReceive()
    {
        if (_receiveArgs.SocketError != SocketError.Success || _receiveArgs.BytesTransferred == 0)
        {
            Fail(_receiveArgs.SocketError);
            return false;
        }

        OnReceived(_receiveBuffer.AsSpan(0, _receiveArgs.BytesTransferred));
        return true;
    }

    private void SendLoop()
    {
        while (!_closed)
        {
            lock (_sendLock)
            {
                if (_flush.Count == 0)
                {
                    (_main, _flush) = (_flush, _main);
                    _flushOffset = 0;
                    if (_flush.Count == 0)
                    {
                        _sending = false;
                        return;
                    }
                }
            }

            bool pending;
            try
            {
                // Inside the try: a session disposed meanwhile (the end of a run) has disposed its event args too.
                _sendArgs.SetBuffer(_flush.Data, _flushOffset, _flush.Count - _flushOffset);
                pending = _socket.SendAsync(_sendArgs);
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (pending || !ProcessSend())
            {
                return;
            }
        }
    }

    private bool ProcessSend()
    {
        if (_sendArgs.SocketError != SocketError.Success)
        {
            Fail(_sendArgs.SocketError);
            return false;
        }

        _flushOffset += _sendArgs.BytesTransferred;
        if (_flushOffset == _flush.Count)
        {
            _flush.Clear();
            _flushOffset = 0;
        }

        return true;
    }

    private void Fail(SocketError error)
    {
        if (!_closed && error is not SocketError.Success and not SocketError.OperationAborted)
        {
            Errors++;
        }

        _closed = true;
        _socket.Dispose();
    }

    // NetCoreServer's Buffer: a byte array that grows by doubling and is reused after Clear.
    private sealed class GrowableBuffer
    {
        public byte[] Data { get; private set; } = new byte[8192];

        public int Count { get; private set; }

        public void Append(ReadOnlySpan<byte> data)
        {
            if (Count + data.Length > Data.Length)
            {
                var larger = new byte[Math.Max(Data.Length * 2, Count + data.Length)];
                Data.AsSpan(0, Count).CopyTo(larger);
                Data = larger;
            }

            data.CopyTo(Data.AsSpan(Count));
            Count += data.Length;
        }

        public void Clear() => Count = 0;
    }
}
