using System.Net;
using System.Net.Sockets;

/// <summary>
/// The baseline: what most code does with UdpClient. One ReceiveAsync loop (a UdpReceiveResult with a new
/// byte[] and IPEndPoint per datagram), the same ASCII upper-casing in place, SendAsync back.
/// </summary>
internal sealed class UdpNaiveServer : IAsyncDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public UdpNaiveServer() => _loop = Task.Run(LoopAsync);

    public IPEndPoint LocalEndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult result;
            try
            {
                result = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            var data = result.Buffer;
            for (var i = 0; i < data.Length; i++)
            {
                if (data[i] is >= (byte)'a' and <= (byte)'z')
                {
                    data[i] -= 32;
                }
            }

            await _udp.SendAsync(data, result.RemoteEndPoint, _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
        }

        _udp.Dispose();
        _stop.Dispose();
    }
}
