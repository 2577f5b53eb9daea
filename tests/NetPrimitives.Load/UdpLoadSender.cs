using System.Net;
using System.Net.Sockets;

/// <summary>
/// One request/reply sender on its own connected socket. One operation at a time per socket, so .NET reuses the
/// socket's cached event args and the sender allocates nothing per request: process-wide allocation deltas then
/// belong to the server under test. A reply lost (or dropped by the server) is sent again after a timeout.
/// </summary>
internal sealed class UdpLoadSender : IDisposable
{
    private static readonly TimeSpan LossTimeout = TimeSpan.FromMilliseconds(200);
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _request;
    private readonly byte[] _reply;
    private CancellationTokenSource _timeout = new();

    public UdpLoadSender(IPEndPoint server, int size)
    {
        _socket.Connect(server);
        _request = new byte[size];
        _reply = new byte[size + 1];
        for (var i = 0; i < size; i++)
        {
            _request[i] = (byte)('a' + (i % 26));
        }
    }

    public long Replies;
    public long Losses;

    /// <summary>Request/reply until <paramref name="running"/> says stop or <paramref name="budget"/> runs out.</summary>
    public async Task RunAsync(Func<bool> running, Func<bool> takeBudget)
    {
        while (running() && takeBudget())
        {
            await _socket.SendAsync(_request.AsMemory(), SocketFlags.None);
            _timeout.CancelAfter(LossTimeout);
            try
            {
                var n = await _socket.ReceiveAsync(_reply.AsMemory(), SocketFlags.None, _timeout.Token);
                if (n != _request.Length || _reply[0] != _request[0] - 32)
                {
                    throw new InvalidOperationException("wrong reply");
                }

                Interlocked.Increment(ref Replies);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref Losses);
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref Losses);
            }

            if (!_timeout.TryReset())
            {
                _timeout.Dispose();
                _timeout = new CancellationTokenSource();
            }
        }
    }

    /// <summary>
    /// The same loop on a dedicated thread with blocking calls: a lighter load generator (no epoll round trip,
    /// no continuation per reply), so more of the machine is left to the server under test.
    /// </summary>
    public void Run(Func<bool> running, Func<bool> takeBudget)
    {
        var lossMicroseconds = (int)LossTimeout.TotalMicroseconds;
        while (running() && takeBudget())
        {
            try
            {
                _socket.Send(_request, SocketFlags.None);
                // Poll, not ReceiveTimeout: a receive timeout sends .NET on Linux down its allocating async path.
                if (!_socket.Poll(lossMicroseconds, SelectMode.SelectRead))
                {
                    Interlocked.Increment(ref Losses);
                    continue;
                }

                var n = _socket.Receive(_reply, SocketFlags.None);
                if (n != _request.Length || _reply[0] != _request[0] - 32)
                {
                    throw new InvalidOperationException("wrong reply");
                }

                Interlocked.Increment(ref Replies);
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref Losses);
            }
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _timeout.Dispose();
    }
}
