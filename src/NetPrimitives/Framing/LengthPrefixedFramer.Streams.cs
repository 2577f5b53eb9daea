using System.Buffers;
using System.Runtime.CompilerServices;

namespace NetPrimitives.Framing;

public sealed partial class LengthPrefixedFramer
{
    // Frames up to this size are written to a stream with one Write call (prefix and payload together), so a
    // small frame is one TCP segment rather than two.
    private const int CoalesceLimit = 8 * 1024;

    /// <summary>
    /// Reads one frame from <paramref name="stream"/> (a <see cref="System.Net.Sockets.NetworkStream"/>, an
    /// <see cref="System.Net.Security.SslStream"/>...) and returns its payload, which the caller owns.
    /// Reads exactly the frame's bytes and no more, so the stream is left at the next frame. Returns
    /// <see langword="null"/> when the stream ends cleanly before a frame starts.
    /// </summary>
    /// <remarks>
    /// The payload array is allocated once the prefix has been read and checked against
    /// <see cref="LengthPrefixedFramerOptions.MaxFrameLength"/>, so a peer can make it allocate up to that
    /// limit. A varint prefix is read one byte at a time.
    /// </remarks>
    /// <param name="stream">The stream to read from. Not closed.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The payload (empty for a zero-length frame), or <see langword="null"/> at a clean end of stream.</returns>
    /// <exception cref="TruncatedFrameException">The stream ended inside a frame.</exception>
    /// <exception cref="FrameTooLargeException">The frame declares more than the maximum.</exception>
    /// <exception cref="InvalidFrameException">The prefix is malformed.</exception>
    public async ValueTask<byte[]?> ReadFrameAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = ArrayPool<byte>.Shared.Rent(Varint.MaxLength);
        int prefixLength;
        int payloadLength;
        try
        {
            var got = 0;
            if (_fixedSize != 0)
            {
                got = await stream.ReadAtLeastAsync(header.AsMemory(0, _fixedSize), _fixedSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (got == 0)
                {
                    return null;
                }

                if (got < _fixedSize || !TryReadLength(new ReadOnlySequence<byte>(header, 0, got), out prefixLength, out payloadLength))
                {
                    throw CreateTruncated(new ReadOnlySequence<byte>(header, 0, got));
                }
            }
            else
            {
                // A varint's length is only known byte by byte; reading ahead would swallow the payload.
                while (true)
                {
                    var read = await stream.ReadAsync(header.AsMemory(got, 1), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return got == 0 ? null : throw CreateTruncated(new ReadOnlySequence<byte>(header, 0, got));
                    }

                    got++;
                    if (TryReadLength(new ReadOnlySequence<byte>(header, 0, got), out prefixLength, out payloadLength))
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }

        if (payloadLength == 0)
        {
            return [];
        }

        var payload = new byte[payloadLength];
        var received = await stream.ReadAtLeastAsync(payload, payloadLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (received < payloadLength)
        {
            throw new TruncatedFrameException(prefixLength + (long)payloadLength, prefixLength + (long)received,
                $"The stream ended inside a frame's payload: {prefixLength + (long)received} of {prefixLength + (long)payloadLength} bytes received.");
        }

        return payload;
    }

    /// <summary>
    /// Reads frames from <paramref name="stream"/> until it ends cleanly between frames, yielding each
    /// payload (the caller owns it). Throws like <see cref="ReadFrameAsync(Stream, CancellationToken)"/>.
    /// </summary>
    /// <param name="stream">The stream to read from. Not closed.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The payloads, in order.</returns>
    public async IAsyncEnumerable<byte[]> ReadFramesAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        while (await ReadFrameAsync(stream, cancellationToken).ConfigureAwait(false) is { } frame)
        {
            yield return frame;
        }
    }

    /// <summary>
    /// Writes one frame to <paramref name="stream"/> and flushes it. A frame of up to 8 KiB goes out in a
    /// single write (one TCP segment for a small frame, not a prefix segment and a payload segment).
    /// </summary>
    /// <param name="stream">The stream to write to. Not closed.</param>
    /// <param name="payload">The payload; may be empty.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the frame is written and flushed.</returns>
    /// <exception cref="FrameLengthOverflowException">The prefix cannot represent the payload's length; nothing was written.</exception>
    public async ValueTask WriteFrameAsync(Stream stream, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var coalesce = payload.Length <= CoalesceLimit;
        var buffer = ArrayPool<byte>.Shared.Rent(coalesce ? Varint.MaxLength + payload.Length : Varint.MaxLength);
        try
        {
            var prefixLength = EncodePrefix(payload.Length, buffer);
            if (coalesce)
            {
                payload.Span.CopyTo(buffer.AsSpan(prefixLength));
                await stream.WriteAsync(buffer.AsMemory(0, prefixLength + payload.Length), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await stream.WriteAsync(buffer.AsMemory(0, prefixLength), cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
            }

            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
