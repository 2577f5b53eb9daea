using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace NetPrimitives.Framing;

// A pure reader of one kind of message (Bedrock's IMessageReader<T>, in the ref-buffer shape of the library's parsers): takes one
// message off the front of the buffer and moves the buffer past it, or returns false when more bytes are needed.
// Bad input throws the reader's own typed error. No I/O, no state between calls beyond what the struct holds.
internal interface IMessageReader<TMessage>
{
    bool TryRead(ref ReadOnlySequence<byte> buffer, out TMessage message);

    // The error for input that ended with the bytes of a partial message still unread.
    Exception Truncated(in ReadOnlySequence<byte> remaining);
}

// What a loop does with the messages: a struct over the component's own state, so that the loop is compiled
// for each handler (direct calls, no interface dispatch) and a message that is handled synchronously costs nothing.
internal interface IMessageHandler<TMessage>
{
    // Each read, before its messages are parsed, with the bytes the input holds unconsumed.
    void OnRead(long buffered);

    // One message, valid only until the call's task completes. False ends the loop after this message.
    ValueTask<bool> OnMessageAsync(TMessage message, CancellationToken cancellationToken);

    // After the messages of one read (the place to flush replies). False ends the loop.
    ValueTask<bool> OnReadDoneAsync(CancellationToken cancellationToken);
}

// The one read-loop shape: ReadAsync, parse as many messages as the buffer holds, AdvanceTo(consumed,
// examined), stop at completion; bytes left over at completion are the reader's truncation error, and a canceled
// read (PipeReader.CancelPendingRead) is OperationCanceledException. Framers, echo sessions, SMTP replies and DNS
// over TCP all read through it.
internal static class MessageLoop
{
    // Reads one message, or returns null at a clean end of input (completed between messages). Only the message is
    // consumed and examined: bytes after it stay in the pipe for the next read. The message must not point into
    // the pipe's memory (it outlives the AdvanceTo): readers that slice copy, see CopyingReader.
    public static async ValueTask<TMessage?> ReadOneAsync<TMessage, TReader>(PipeReader input, TReader reader, CancellationToken cancellationToken)
        where TMessage : class
        where TReader : struct, IMessageReader<TMessage>
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var examined = buffer.End;
            try
            {
                if (reader.TryRead(ref buffer, out var message))
                {
                    examined = buffer.Start;
                    return message;
                }

                if (result.IsCompleted)
                {
                    return buffer.IsEmpty ? null : throw reader.Truncated(buffer);
                }

                ThrowIfCanceled(result);
            }
            finally
            {
                input.AdvanceTo(buffer.Start, examined);
            }
        }
    }

    // Every message, read one at a time with ReadOneAsync, until a clean end of input.
    public static async IAsyncEnumerable<byte[]> ReadAllAsync<TReader>(PipeReader input, TReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
        where TReader : struct, IMessageReader<byte[]>
    {
        while (await ReadOneAsync<byte[], TReader>(input, reader, cancellationToken).ConfigureAwait(false) is { } message)
        {
            yield return message;
        }
    }

    // Hands every message to the handler until the input completes between messages or the handler ends the loop;
    // returns the number of messages read. With drainOnCancellation, the token means "stop": the loop then waits
    // for nothing more, handles what has already arrived and returns normally (a server's graceful stop);
    // without it, the token throws OperationCanceledException.
    public static async ValueTask<long> RunAsync<TMessage, TReader, THandler>(
        PipeReader input, TReader reader, THandler handler, CancellationToken cancellationToken, bool drainOnCancellation = false)
        where TReader : struct, IMessageReader<TMessage>
        where THandler : struct, IMessageHandler<TMessage>
    {
        long messages = 0;
        while (true)
        {
            ReadResult result;
            var draining = drainOnCancellation && cancellationToken.IsCancellationRequested;
            if (draining)
            {
                if (!input.TryRead(out result))
                {
                    return messages;
                }
            }
            else
            {
                try
                {
                    result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (drainOnCancellation && cancellationToken.IsCancellationRequested)
                {
                    continue; // round once more, to drain
                }
            }

            var buffer = result.Buffer;
            handler.OnRead(buffer.Length);
            var before = messages;
            var go = true;
            try
            {
                while (go && reader.TryRead(ref buffer, out var message))
                {
                    messages++;
                    go = await handler.OnMessageAsync(message, cancellationToken).ConfigureAwait(false);
                }

                if (go && result.IsCompleted && !buffer.IsEmpty)
                {
                    throw reader.Truncated(buffer);
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }

            go &= await handler.OnReadDoneAsync(cancellationToken).ConfigureAwait(false);
            if (!go || result.IsCompleted || (draining && messages == before))
            {
                return messages;
            }

            if (!drainOnCancellation)
            {
                ThrowIfCanceled(result);
            }
        }
    }

    // The write side's one step: flush, without an async state machine when the flush completes at once.
    public static ValueTask FlushAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        var flush = output.FlushAsync(cancellationToken);
        if (flush.IsCompletedSuccessfully)
        {
            flush.GetAwaiter().GetResult();
            return default;
        }

        return AwaitFlush(flush);

        static async ValueTask AwaitFlush(ValueTask<FlushResult> flush) => await flush.ConfigureAwait(false);
    }

    private static void ThrowIfCanceled(ReadResult result)
    {
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("The pending read was canceled (PipeReader.CancelPendingRead).");
        }
    }
}

// A reader of byte sequences whose messages are copied into arrays the caller owns (for ReadOneAsync).
internal readonly struct CopyingReader<TReader>(TReader inner) : IMessageReader<byte[]>
    where TReader : struct, IMessageReader<ReadOnlySequence<byte>>
{
    public bool TryRead(ref ReadOnlySequence<byte> buffer, out byte[] message)
    {
        if (inner.TryRead(ref buffer, out var slice))
        {
            message = slice.IsEmpty ? [] : slice.ToArray();
            return true;
        }

        message = null!;
        return false;
    }

    public Exception Truncated(in ReadOnlySequence<byte> remaining) => inner.Truncated(remaining);
}

// A handler that calls a delegate for each message (the framers' public zero-copy loops).
internal readonly struct CallbackHandler(Func<ReadOnlySequence<byte>, CancellationToken, ValueTask> onMessage) : IMessageHandler<ReadOnlySequence<byte>>
{
    public void OnRead(long buffered)
    {
    }

    public ValueTask<bool> OnMessageAsync(ReadOnlySequence<byte> message, CancellationToken cancellationToken)
    {
        var handled = onMessage(message, cancellationToken);
        if (handled.IsCompletedSuccessfully)
        {
            handled.GetAwaiter().GetResult();
            return new(true);
        }

        return Await(handled);

        static async ValueTask<bool> Await(ValueTask handled)
        {
            await handled.ConfigureAwait(false);
            return true;
        }
    }

    public ValueTask<bool> OnReadDoneAsync(CancellationToken cancellationToken) => new(true);
}
