using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using NetPrimitives.Framing;
using NetPrimitives.Transport;

namespace NetPrimitives.Tcp;

public sealed partial class EchoServer
{
    /// <summary>
    /// One client's session over any duplex pipe (a socket connection, or an in-memory pair in tests):
    /// greeting, then the library's one read loop (<c>MessageLoop</c>) until the client closes, sends the ending empty line,
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

    // One message loop for every mode: the reader says what a message is (a received chunk, a line, a frame);
    // the handler echoes it and flushes after each read. Stopping drains what has arrived, then ends.
    private async Task<long> ReadLoopAsync(IDuplexPipe pipe, EchoSession session, CancellationToken stopping)
    {
        var loop = new EchoLoop(this, session, pipe.Output);
        var handler = new EchoHandler(loop);
        _ = _options.Mode switch
        {
            EchoMode.Raw => await MessageLoop.RunAsync<ReadOnlySequence<byte>, ChunkReader, EchoHandler>(
                pipe.Input, default, handler, stopping, drainOnCancellation: true).ConfigureAwait(false),
            EchoMode.Lines => await MessageLoop.RunAsync<ReadOnlySequence<byte>, LineReader, EchoHandler>(
                pipe.Input, new(_lineFramer!), handler, stopping, drainOnCancellation: true).ConfigureAwait(false),
            _ => await MessageLoop.RunAsync<ReadOnlySequence<byte>, FrameReader, EchoHandler>(
                pipe.Input, new(_framer!), handler, stopping, drainOnCancellation: true).ConfigureAwait(false),
        };
        return loop.Messages;
    }

    private void OnMessage(EchoSession session, in ReadOnlySequence<byte> message)
    {
        if (MessageReceived is { } handler)
        {
            Raise(handler, new EchoMessageEventArgs(session, message));
        }
    }

    // One session's loop state; the handler struct forwards to it (state must outlive a handler's await).
    private sealed class EchoLoop(EchoServer server, EchoSession session, PipeWriter writer)
    {
        private readonly ArrayBufferWriter<byte>? _scratch = server._options.Mode == EchoMode.Raw ? null : new();
        private long _unflushed;
        private bool _peerGone;

        public long Messages { get; private set; }

        public void OnRead(long buffered)
        {
            if (buffered > session.PeakBufferedInput)
            {
                session.PeakBufferedInput = buffered;
            }
        }

        public ValueTask<bool> OnMessageAsync(ReadOnlySequence<byte> message)
        {
            var written = server.Echo(session, message, writer, _scratch);
            if (written < 0)
            {
                return new(false); // the session's ending line
            }

            Messages++;
            return FlushIfFullAsync(written);
        }

        // Pooled: a flush that waits (a slow reader) must not cost an allocation per read.
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public async ValueTask<bool> OnReadDoneAsync()
        {
            _unflushed = 0;
            var flush = await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return !flush.IsCompleted && !_peerGone;
        }

        // Flushes once FlushChunk reply bytes are pending; false when the peer is gone.
        private ValueTask<bool> FlushIfFullAsync(long written)
        {
            _unflushed += written;
            return _unflushed < FlushChunk ? new(true) : FlushAsync();
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<bool> FlushAsync()
        {
            _unflushed = 0;
            var flush = await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            _peerGone = flush.IsCompleted;
            return !_peerGone;
        }
    }

    private readonly struct EchoHandler(EchoLoop loop) : IMessageHandler<ReadOnlySequence<byte>>
    {
        public void OnRead(long buffered) => loop.OnRead(buffered);

        public ValueTask<bool> OnMessageAsync(ReadOnlySequence<byte> message, CancellationToken cancellationToken) => loop.OnMessageAsync(message);

        public ValueTask<bool> OnReadDoneAsync(CancellationToken cancellationToken) => loop.OnReadDoneAsync();
    }
}
