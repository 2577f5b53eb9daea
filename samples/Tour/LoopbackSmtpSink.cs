using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// A tiny in-process SMTP sink on 127.0.0.1 (port 0), used by the Tour and the SMTP benchmark. It is NOT part
/// of the library and not a mail server: it accepts every command, counts messages and throws them away.
/// Replies to a pipelined batch are written together, flushed when no more input is waiting (as Postfix does).
/// </summary>
internal sealed class LoopbackSmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _pipelining;
    private Task _accepting = Task.CompletedTask;
    private long _messages;
    private long _flushes;
    private long _connections;

    public LoopbackSmtpSink(bool pipelining = true) => _pipelining = pipelining;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>How many times the sink sent replies: one per round trip the client waited for.</summary>
    public long ReplyFlushes => Interlocked.Read(ref _flushes);

    /// <summary>Connections accepted so far.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    public LoopbackSmtpSink Start()
    {
        _listener.Start();
        _accepting = AcceptAsync();
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var sessions = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
                sessions.Add(ServeAsync(socket));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(sessions).ConfigureAwait(false);
    }

    private async Task ServeAsync(Socket socket)
    {
        Interlocked.Increment(ref _connections);
        socket.NoDelay = true;
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var input = PipeReader.Create(stream);
        var output = PipeWriter.Create(stream);
        var ehlo = "250-sink.local\r\n" + (_pipelining ? "250-PIPELINING\r\n" : string.Empty) + "250-8BITMIME\r\n250 SIZE 52428800\r\n";
        Write(output, "220 sink.local ESMTP in-process sink\r\n");
        await output.FlushAsync(_stop.Token).ConfigureAwait(false);
        var inData = false;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(_stop.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var quit = false;
                while (!quit && TryReadLine(ref buffer, out var line))
                {
                    if (inData)
                    {
                        if (line.Length == 1 && line.FirstSpan[0] == (byte)'.')
                        {
                            inData = false;
                            Interlocked.Increment(ref _messages);
                            Write(output, "250 2.0.0 Ok: discarded\r\n");
                        }

                        continue;
                    }

                    var verb = line.Length >= 4 ? Encoding.ASCII.GetString(line.Slice(0, 4)).ToUpperInvariant() : string.Empty;
                    switch (verb)
                    {
                        case "EHLO": Write(output, ehlo); break;
                        case "DATA": inData = true; Write(output, "354 End data with <CR><LF>.<CR><LF>\r\n"); break;
                        case "QUIT": quit = true; Write(output, "221 2.0.0 Bye\r\n"); break;
                        default: Write(output, "250 2.0.0 Ok\r\n"); break;
                    }
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (output.UnflushedBytes > 0)
                {
                    Interlocked.Increment(ref _flushes);
                    await output.FlushAsync(_stop.Token).ConfigureAwait(false);
                }

                if (quit || result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // Stopped, or the client went away.
        }
    }

    private static void Write(PipeWriter output, string text) => output.Write(Encoding.ASCII.GetBytes(text));

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out line, "\r\n"u8))
        {
            return false;
        }

        buffer = buffer.Slice(reader.Position);
        return true;
    }
}
