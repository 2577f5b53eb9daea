using System.Buffers;
using System.IO.Pipelines;

namespace NetPrimitives.Framing;

/// <summary>A framer that the shared pipe read loops can drive.</summary>
internal interface IPipeMessageReader
{
    /// <summary>The framer's pure read: one message off the front of <paramref name="buffer"/>.</summary>
    bool TryRead(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message);

    /// <summary>The error for a pipe that completed with <paramref name="remaining"/> bytes of a partial message.</summary>
    TruncatedFrameException CreateTruncated(in ReadOnlySequence<byte> remaining);
}

/// <summary>
/// The one read-loop shape (STYLE #3) every framer's pipe API uses: ReadAsync, parse what the buffer holds,
/// AdvanceTo(consumed, examined), stop at completion; leftover bytes at completion are a truncated message.
/// </summary>
internal static class PipeReadLoop
{
    /// <summary>Reads one message and returns a copy of it, or <see langword="null"/> at a clean end of stream.</summary>
    public static async ValueTask<byte[]?> ReadOneAsync<TFramer>(TFramer framer, PipeReader reader, CancellationToken cancellationToken)
        where TFramer : IPipeMessageReader
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var examined = buffer.End;
            try
            {
                if (framer.TryRead(ref buffer, out var message))
                {
                    // Only the message was looked at: bytes after it are for the next call.
                    examined = buffer.Start;
                    return message.IsEmpty ? [] : message.ToArray();
                }

                if (result.IsCompleted)
                {
                    return buffer.IsEmpty ? null : throw framer.CreateTruncated(buffer);
                }

                ThrowIfCanceled(result);
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, examined);
            }
        }
    }

    /// <summary>Calls <paramref name="onMessage"/> with each message as a slice of the pipe's memory until a clean end of stream.</summary>
    public static async ValueTask<long> ProcessAsync<TFramer>(
        TFramer framer,
        PipeReader reader,
        Func<ReadOnlySequence<byte>, CancellationToken, ValueTask> onMessage,
        CancellationToken cancellationToken)
        where TFramer : IPipeMessageReader
    {
        long messages = 0;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (framer.TryRead(ref buffer, out var message))
                {
                    await onMessage(message, cancellationToken).ConfigureAwait(false);
                    messages++;
                }

                if (result.IsCompleted)
                {
                    return buffer.IsEmpty ? messages : throw framer.CreateTruncated(buffer);
                }

                ThrowIfCanceled(result);
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    private static void ThrowIfCanceled(ReadResult result)
    {
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("The pending read was canceled (PipeReader.CancelPendingRead).");
        }
    }
}
