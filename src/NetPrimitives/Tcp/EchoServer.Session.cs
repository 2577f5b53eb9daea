using System.Buffers;
using System.IO.Pipelines;
using NetPrimitives.Framing;
using NetPrimitives.Transport;

namespace NetPrimitives.Tcp;

public sealed partial class EchoServer
{
    /// <summary>
    /// One client's session over any duplex pipe (a socket connection, or an in-memory pair in tests):
    /// greeting, then the read loop of STYLE.md #3 until the client closes, sends the ending empty line,
    /// sends bad input, or <paramref name="stopping"/> fires (then messages already received are still
    /// answered). Completes both pipe ends when done.
    /// </summary>
    internal async Task RunSessionAsync(IDuplexPipe pipe, EchoSession session, CancellationToken stopping)
    {
        EchoServerLog.SessionStarted(_logger, session);
        if (ClientConnected is { } connected)
        {
            Raise(connected, new EchoSessionEventArgs(session, null));
        }

        Exception? error = null;
        long messages = 0;
        try
        {
            if (_greeting is not null)
            {
                await pipe.Output.WriteAsync(_greeting, CancellationToken.None).ConfigureAwait(false);
            }

            messages = await ReadLoopAsync(pipe, session, stopping).ConfigureAwait(false);
        }
        catch (FramingException ex)
        {
            // Bad input ends this client only; the others never notice.
            error = ex;
            EchoServerLog.ProtocolError(_logger, session, ex.Message, ex);
        }
        catch (TransportException ex)
        {
            error = ex; // reset or abort: normal life, logged by the transport at Debug
        }
        finally
        {
            EchoServerLog.SessionEnded(_logger, session, messages);
            if (ClientDisconnected is { } disconnected)
            {
                Raise(disconnected, new EchoSessionEventArgs(session, error));
            }

            await pipe.Input.CompleteAsync().ConfigureAwait(false);
            await pipe.Output.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task<long> ReadLoopAsync(IDuplexPipe pipe, EchoSession session, CancellationToken stopping)
    {
        var reader = pipe.Input;
        var writer = pipe.Output;
        var scratch = _options.Mode == EchoMode.Raw ? null : new ArrayBufferWriter<byte>();
        var state = new LoopState();
        while (true)
        {
            ReadResult result;
            var draining = stopping.IsCancellationRequested;
            if (draining)
            {
                // Stopping: answer what has already arrived, then end; wait for nothing more.
                if (!reader.TryRead(out result))
                {
                    break;
                }
            }
            else
            {
                try
                {
                    result = await reader.ReadAsync(stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    continue; // go round once more to drain
                }
            }

            var buffer = result.Buffer;
            if (buffer.Length > session.PeakBufferedInput)
            {
                session.PeakBufferedInput = buffer.Length;
            }

            var before = state.Messages;
            SequencePosition consumed;
            try
            {
                consumed = _options.Mode switch
                {
                    EchoMode.Raw => await EchoRawAsync(session, buffer, writer, state).ConfigureAwait(false),
                    EchoMode.Lines => await EchoLinesAsync(session, buffer, result.IsCompleted, writer, scratch!, state).ConfigureAwait(false),
                    _ => await EchoFramesAsync(session, buffer, result.IsCompleted, writer, scratch!, state).ConfigureAwait(false),
                };
            }
            catch
            {
                reader.AdvanceTo(buffer.Start);
                throw;
            }

            reader.AdvanceTo(consumed, buffer.End);
            var flush = await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            if (flush.IsCompleted || state.Ended || result.IsCompleted || state.PeerGone || (draining && state.Messages == before))
            {
                break;
            }
        }

        return state.Messages;
    }

    private async ValueTask<SequencePosition> EchoRawAsync(EchoSession session, ReadOnlySequence<byte> buffer, PipeWriter writer, LoopState state)
    {
        // Each received segment is one message, like one recv() in the seeds.
        foreach (var segment in buffer)
        {
            if (segment.IsEmpty)
            {
                continue; // an empty buffer (at FIN) still enumerates one empty segment
            }

            var message = new ReadOnlySequence<byte>(segment);
            OnMessage(session, message);
            if (_options.Transform is { } transform)
            {
                transform(session, message, writer);
            }
            else
            {
                writer.Write(segment.Span); // identity: receive buffer straight into the send buffer
            }

            state.Messages++;
            if (await FlushIfFullAsync(writer, segment.Length, state).ConfigureAwait(false))
            {
                break;
            }
        }

        return buffer.End;
    }

    private void OnMessage(EchoSession session, in ReadOnlySequence<byte> message)
    {
        if (MessageReceived is { } handler)
        {
            Raise(handler, new EchoMessageEventArgs(session, message));
        }
    }

    /// <summary>Flushes once <see cref="FlushChunk"/> reply bytes are pending; true when the peer is gone.</summary>
    private static async ValueTask<bool> FlushIfFullAsync(PipeWriter writer, long written, LoopState state)
    {
        state.Unflushed += written;
        if (state.Unflushed < FlushChunk)
        {
            return false;
        }

        state.Unflushed = 0;
        var flush = await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        state.PeerGone = flush.IsCompleted;
        return state.PeerGone;
    }

    private sealed class LoopState
    {
        public long Messages;
        public long Unflushed;
        public bool Ended;
        public bool PeerGone;
    }
}
