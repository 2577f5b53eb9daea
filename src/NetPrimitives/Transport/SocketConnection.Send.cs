using System.Buffers;
using System.Net.Sockets;

namespace NetPrimitives.Transport;

internal sealed partial class SocketConnection
{
    // ReadAsync -> Send -> AdvanceTo; when the application completes Output, send FIN.
    private async Task SendLoopAsync()
    {
        Exception? error = null;
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break; // Abort()
                }

                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    if (buffer.Length > Interlocked.Read(ref _peakUnsentBytes))
                    {
                        Interlocked.Exchange(ref _peakUnsentBytes, buffer.Length);
                    }

                    await SendAsync(buffer).ConfigureAwait(false);
                    Transferred(ref _bytesSent, buffer.Length, _metrics.BytesSent);
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            if (!IsAborted)
            {
                // The application is done writing and everything is sent: tell the peer (TLS close_notify, then FIN).
                if (_tls is not null)
                {
                    await _tls.ShutdownAsync().ConfigureAwait(false);
                }

                _socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception ex)
        {
            error = ToPipeError(ex, "Sending to");
        }
        finally
        {
            // The application's FlushAsync now returns IsCompleted (or throws the error): it stops writing.
            await reader.CompleteAsync(error).ConfigureAwait(false);
            if (error is not null && !IsClosing)
            {
                // The send side is dead (reset, network error): end the receive side too, so the
                // application sees the end promptly instead of waiting on a half-dead connection.
                Abort("send failed");
            }
        }
    }

    private async ValueTask SendAsync(ReadOnlySequence<byte> buffer)
    {
        if (_tls is not null)
        {
            foreach (var segment in buffer)
            {
                await _tls.WriteAsync(segment).ConfigureAwait(false); // SslStream writes it all, in records of up to 16 KiB
            }

            return;
        }

        foreach (var segment in buffer)
        {
            var remaining = segment;
            while (!remaining.IsEmpty)
            {
                var sent = await _socket.SendAsync(remaining, SocketFlags.None).ConfigureAwait(false);
                remaining = remaining[sent..];
            }
        }
    }
}
