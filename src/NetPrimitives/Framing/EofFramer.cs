using System.Buffers;
using System.IO.Pipelines;

namespace NetPrimitives.Framing;

/// <summary>
/// End-of-stream framing: the whole input is one message, and the sender marks its
/// end by shutting down its sending side (TCP FIN). Reads are bounded by a maximum length so a peer that
/// never stops cannot exhaust memory.
/// </summary>
public static class EofFramer
{
    /// <summary>The default maximum message length: 1 MiB (1,048,576 bytes).</summary>
    public const int DefaultMaxLength = 1024 * 1024;

    /// <summary>
    /// Reads <paramref name="reader"/> until the writer completes and returns everything as one array.
    /// Consumes the pipe as it goes (so it never stalls a writer on the pipe's pause threshold) and throws as
    /// soon as more than <paramref name="maxLength"/> bytes have arrived. The reader is not completed.
    /// </summary>
    /// <param name="reader">The pipe to read from.</param>
    /// <param name="maxLength">The longest message accepted, in bytes (at least 0).</param>
    /// <param name="cancellationToken">Cancels the wait for data.</param>
    /// <returns>The message (empty when the writer sent nothing).</returns>
    /// <exception cref="FrameTooLargeException">More than <paramref name="maxLength"/> bytes arrived.</exception>
    public static async ValueTask<byte[]> ReadToEndAsync(PipeReader reader, int maxLength = DefaultMaxLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        var message = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                var total = message.WrittenCount + buffer.Length;
                if (total > maxLength)
                {
                    throw TooLarge(total, maxLength);
                }

                foreach (var segment in buffer)
                {
                    message.Write(segment.Span);
                }

                if (result.IsCompleted)
                {
                    return message.WrittenSpan.ToArray();
                }

                if (result.IsCanceled)
                {
                    throw new OperationCanceledException("The pending read was canceled (PipeReader.CancelPendingRead).");
                }
            }
            finally
            {
                reader.AdvanceTo(buffer.End);
            }
        }
    }

    /// <summary>
    /// Reads <paramref name="stream"/> until it ends (the peer shut down its sending side) and returns
    /// everything as one array, throwing as soon as more than <paramref name="maxLength"/> bytes have arrived.
    /// </summary>
    /// <param name="stream">The stream to read from. Not closed.</param>
    /// <param name="maxLength">The longest message accepted, in bytes (at least 0).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The message (empty when the peer sent nothing).</returns>
    /// <exception cref="FrameTooLargeException">More than <paramref name="maxLength"/> bytes arrived.</exception>
    public static async ValueTask<byte[]> ReadToEndAsync(Stream stream, int maxLength = DefaultMaxLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        var message = new ArrayBufferWriter<byte>();
        while (true)
        {
            // Ask for one byte more than still allowed, so an over-long message is seen without reading much past it.
            var room = (int)Math.Min(8192L, (long)maxLength - message.WrittenCount + 1);
            var read = await stream.ReadAsync(message.GetMemory(room)[..room], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return message.WrittenSpan.ToArray();
            }

            message.Advance(read);
            if (message.WrittenCount > maxLength)
            {
                throw TooLarge(message.WrittenCount, maxLength);
            }
        }
    }

    private static FrameTooLargeException TooLarge(long received, int maxLength) => new((ulong)received, maxLength,
        $"The peer sent at least {received} bytes before ending its stream, more than the maximum of {maxLength} bytes.");
}
