using System.Buffers;
using System.IO.Pipelines;

namespace NetPrimitives.Framing;

public sealed partial class LengthPrefixedFramer
{
    /// <summary>
    /// Reads one frame from <paramref name="reader"/> and returns a copy of its payload, which the caller
    /// owns. Returns <see langword="null"/> at a clean end of stream (the writer completed between frames);
    /// an empty array is a zero-length frame, not the end. Bytes after the frame stay in the pipe for the
    /// next call. The reader is not completed.
    /// </summary>
    /// <remarks>
    /// The pipe buffers a whole frame before it is returned, so a <see cref="Pipe"/> whose
    /// <see cref="PipeOptions.PauseWriterThreshold"/> is below the largest frame (prefix included) stalls its
    /// writer forever: size the threshold above <see cref="LengthPrefixedFramerOptions.MaxFrameLength"/>.
    /// </remarks>
    /// <param name="reader">The pipe to read from.</param>
    /// <param name="cancellationToken">Cancels the wait for data.</param>
    /// <returns>The payload, or <see langword="null"/> at a clean end of stream.</returns>
    /// <exception cref="TruncatedFrameException">The pipe completed inside a frame.</exception>
    /// <exception cref="FrameTooLargeException">The frame declares more than the maximum.</exception>
    /// <exception cref="InvalidFrameException">The prefix is malformed.</exception>
    /// <exception cref="OperationCanceledException">The token fired, or the read was canceled with <see cref="PipeReader.CancelPendingRead"/>.</exception>
    public async ValueTask<byte[]?> ReadFrameAsync(PipeReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return await MessageLoop.ReadOneAsync<byte[], CopyingReader<FrameReader>>(reader, new(new(this)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads frames from <paramref name="reader"/> until a clean end of stream, yielding a copy of each
    /// payload (the caller owns it). Ends when the writer completes between frames; throws like
    /// <see cref="ReadFrameAsync(PipeReader, CancellationToken)"/> otherwise. The reader is not completed.
    /// </summary>
    /// <param name="reader">The pipe to read from.</param>
    /// <param name="cancellationToken">Cancels the wait for data.</param>
    /// <returns>The payloads, in order.</returns>
    public IAsyncEnumerable<byte[]> ReadFramesAsync(PipeReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return MessageLoop.ReadAllAsync<CopyingReader<FrameReader>>(reader, new(new(this)), cancellationToken);
    }

    /// <summary>
    /// The zero-copy read loop for servers: reads frames from <paramref name="reader"/> until a clean end of
    /// stream and calls <paramref name="onFrame"/> with each payload as a slice of the pipe's own memory.
    /// The slice is valid only until the returned task completes (the pipe is advanced after it); copy what
    /// must outlive the call. Frames are handled one at a time, in order.
    /// </summary>
    /// <param name="reader">The pipe to read from. Not completed by this method.</param>
    /// <param name="onFrame">Called once per frame with the payload and <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the wait for data; passed to <paramref name="onFrame"/>.</param>
    /// <returns>The number of frames handled.</returns>
    /// <exception cref="TruncatedFrameException">The pipe completed inside a frame.</exception>
    /// <exception cref="FrameTooLargeException">A frame declares more than the maximum.</exception>
    /// <exception cref="InvalidFrameException">A prefix is malformed.</exception>
    public async ValueTask<long> ProcessFramesAsync(
        PipeReader reader,
        Func<ReadOnlySequence<byte>, CancellationToken, ValueTask> onFrame,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(onFrame);
        return await MessageLoop.RunAsync<ReadOnlySequence<byte>, FrameReader, CallbackHandler>(reader, new(this), new(onFrame), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one frame to <paramref name="writer"/> and flushes it.</summary>
    /// <param name="writer">The pipe to write to.</param>
    /// <param name="payload">The payload; may be empty.</param>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when the flush does (the reader has room again).</returns>
    /// <exception cref="FrameLengthOverflowException">The prefix cannot represent the payload's length; nothing was written.</exception>
    public ValueTask WriteFrameAsync(PipeWriter writer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteFrame(writer, payload.Span);
        return MessageLoop.FlushAsync(writer, cancellationToken);
    }

    /// <summary>The error for bytes left over when the input ended: how much of the frame arrived and how much it needed.</summary>
    internal TruncatedFrameException CreateTruncated(in ReadOnlySequence<byte> remaining)
    {
        var received = remaining.Length;
        if (TryReadLength(remaining, out var prefixLength, out var payloadLength))
        {
            var expected = prefixLength + (long)payloadLength;
            return new TruncatedFrameException(expected, received,
                $"The stream ended inside a frame's payload: {received} of {expected} bytes received.");
        }

        return _fixedSize != 0
            ? new TruncatedFrameException(_fixedSize, received,
                $"The stream ended inside a frame's length prefix: {received} of {_fixedSize} bytes received.")
            : new TruncatedFrameException(received + 1, received,
                $"The stream ended inside a frame's varint length prefix after {received} byte(s).");
    }
}

// The framer as a message reader for MessageLoop.
internal readonly struct FrameReader(LengthPrefixedFramer framer) : IMessageReader<ReadOnlySequence<byte>>
{
    public bool TryRead(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message) => framer.TryReadFrame(ref buffer, out message);

    public Exception Truncated(in ReadOnlySequence<byte> remaining) => framer.CreateTruncated(remaining);
}
