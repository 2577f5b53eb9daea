using System.Net.Sockets;

namespace NetPrimitives.Transport;

internal sealed partial class SocketConnection
{
    // GetMemory -> Receive -> Advance -> FlushAsync; 0 bytes is the peer's FIN.
    private async Task ReceiveLoopAsync()
    {
        Exception? error = null;
        var writer = _input.Writer;
        try
        {
            while (true)
            {
                // Wait for data with a zero-byte receive before taking a buffer (Kestrel's
                // WaitForDataBeforeAllocatingBuffer): an idle connection then holds no receive buffer at all,
                // which keeps memory flat with many quiet clients. With data waiting it completes at once. SslStream
                // passes a zero-byte read down to the socket the same way when it holds no decrypted bytes.
                await ReceiveAsync(Memory<byte>.Empty).ConfigureAwait(false);

                var memory = writer.GetMemory(MinReceiveBufferSize);
                var received = await ReceiveAsync(memory).ConfigureAwait(false);
                if (received == 0)
                {
                    TransportLog.ConnectionReadFin(_logger, Id);
                    break;
                }

                writer.Advance(received);
                Transferred(ref _bytesReceived, received, _metrics.BytesReceived);

                // Waits here while the application has MaxReadBufferSize bytes unread: back-pressure.
                var flushing = writer.FlushAsync();
                if (!flushing.IsCompleted)
                {
                    Volatile.Write(ref _receivePaused, true);
                    ReceivePaused?.Invoke();
                }

                var flush = await flushing.ConfigureAwait(false);
                _receivePaused = false;
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    break; // the application stopped reading
                }
            }
        }
        catch (Exception ex)
        {
            error = ToPipeError(ex, "Receiving from");
        }
        finally
        {
            await writer.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    // The socket, or the TLS session over it: one null check, and no other layer on a plain connection.
    private ValueTask<int> ReceiveAsync(Memory<byte> buffer) =>
        _tls is null ? _socket.ReceiveAsync(buffer, SocketFlags.None) : _tls.ReadAsync(buffer);
}
