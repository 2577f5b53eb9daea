using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace NetPrimitives.Framing;

public sealed partial class LineFramer
{
    /// <summary>
    /// Reads one line from <paramref name="reader"/> and returns a copy of it without its ending (the caller
    /// owns it). Returns <see langword="null"/> when the pipe completes between lines. Bytes after the line
    /// stay in the pipe. The reader is not completed.
    /// </summary>
    /// <param name="reader">The pipe to read from.</param>
    /// <param name="cancellationToken">Cancels the wait for data.</param>
    /// <returns>The line, or <see langword="null"/> at a clean end of stream.</returns>
    /// <exception cref="TruncatedFrameException">The pipe completed after part of a line without its ending (a last line must be terminated too).</exception>
    /// <exception cref="LineTooLongException">The line is longer than the maximum.</exception>
    /// <exception cref="OperationCanceledException">The token fired, or the read was canceled with <see cref="PipeReader.CancelPendingRead"/>.</exception>
    public async ValueTask<byte[]?> ReadLineAsync(PipeReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return await MessageLoop.ReadOneAsync<byte[], CopyingReader<LineReader>>(reader, new(new(this)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads lines from <paramref name="reader"/> until the pipe completes between lines, yielding a copy of
    /// each (without its ending). Throws like <see cref="ReadLineAsync(PipeReader, CancellationToken)"/>.
    /// </summary>
    /// <param name="reader">The pipe to read from. Not completed.</param>
    /// <param name="cancellationToken">Cancels the wait for data.</param>
    /// <returns>The lines, in order.</returns>
    public IAsyncEnumerable<byte[]> ReadLinesAsync(PipeReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return MessageLoop.ReadAllAsync<CopyingReader<LineReader>>(reader, new(new(this)), cancellationToken);
    }

    /// <summary>
    /// The zero-copy read loop: reads lines from <paramref name="reader"/> until the pipe completes between
    /// lines and calls <paramref name="onLine"/> with each line (without its ending) as a slice of the pipe's
    /// memory, valid only until the returned task completes. Lines are handled one at a time, in order.
    /// </summary>
    /// <param name="reader">The pipe to read from. Not completed by this method.</param>
    /// <param name="onLine">Called once per line with the line and <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the wait for data; passed to <paramref name="onLine"/>.</param>
    /// <returns>The number of lines handled.</returns>
    /// <exception cref="TruncatedFrameException">The pipe completed after part of a line.</exception>
    /// <exception cref="LineTooLongException">A line is longer than the maximum.</exception>
    public async ValueTask<long> ProcessLinesAsync(
        PipeReader reader,
        Func<ReadOnlySequence<byte>, CancellationToken, ValueTask> onLine,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(onLine);
        return await MessageLoop.RunAsync<ReadOnlySequence<byte>, LineReader, CallbackHandler>(reader, new(this), new(onLine), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="line"/> and the terminator to <paramref name="writer"/> and flushes.</summary>
    /// <param name="writer">The pipe to write to.</param>
    /// <param name="line">The line, without an ending.</param>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when the flush does.</returns>
    /// <exception cref="ArgumentException">The line contains the terminator.</exception>
    public ValueTask WriteLineAsync(PipeWriter writer, ReadOnlyMemory<byte> line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteLine(writer, line.Span);
        return MessageLoop.FlushAsync(writer, cancellationToken);
    }

    /// <summary>
    /// Reads one line from <paramref name="stream"/>, one byte at a time so that not a byte past the line is
    /// consumed (the rest of the stream stays readable by other code). For many lines, prefer
    /// <see cref="ReadLinesAsync(Stream, CancellationToken)"/> or a <see cref="PipeReader"/>, which read in blocks.
    /// </summary>
    /// <param name="stream">The stream to read from. Not closed.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The line without its ending, or <see langword="null"/> when the stream ends between lines.</returns>
    /// <exception cref="TruncatedFrameException">The stream ended after part of a line.</exception>
    /// <exception cref="LineTooLongException">The line is longer than the maximum.</exception>
    public async ValueTask<byte[]?> ReadLineAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var received = new ArrayBufferWriter<byte>(128);
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                return received.WrittenCount == 0 ? null : throw CreateTruncated(received.WrittenCount);
            }

            received.Write(one);
            if (one[0] == Lf || received.WrittenCount > _maxLineLength)
            {
                var buffer = new ReadOnlySequence<byte>(received.WrittenMemory);
                if (TryReadLine(ref buffer, out var line))
                {
                    return line.ToArray();
                }
            }
        }
    }

    /// <summary>
    /// Reads lines from <paramref name="stream"/> until it ends between lines, yielding each without its
    /// ending. Reads in blocks, so it consumes the stream to its end (or to the error).
    /// </summary>
    /// <param name="stream">The stream to read from. Not closed.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The lines, in order.</returns>
    public async IAsyncEnumerable<byte[]> ReadLinesAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (await ReadLineAsync(reader, cancellationToken).ConfigureAwait(false) is { } line)
            {
                yield return line;
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes <paramref name="line"/> and the terminator to <paramref name="stream"/> in one write, and flushes.</summary>
    /// <param name="stream">The stream to write to. Not closed.</param>
    /// <param name="line">The line, without an ending.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the line is written and flushed.</returns>
    /// <exception cref="ArgumentException">The line contains the terminator.</exception>
    public async ValueTask WriteLineAsync(Stream stream, ReadOnlyMemory<byte> line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(line.Length + _terminator.Length);
        try
        {
            var writer = new FixedWriter(buffer);
            WriteLine(writer, line.Span);
            await stream.WriteAsync(buffer.AsMemory(0, writer.Written), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static TruncatedFrameException CreateTruncated(long received) => new(received + 1, received,
        $"The stream ended inside a line: {received} byte(s) without a line ending.");

    /// <summary>An <see cref="IBufferWriter{T}"/> over one array that is known to be large enough.</summary>
    private sealed class FixedWriter(byte[] buffer) : IBufferWriter<byte>
    {
        public int Written { get; private set; }

        public void Advance(int count) => Written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => buffer.AsMemory(Written);

        public Span<byte> GetSpan(int sizeHint = 0) => buffer.AsSpan(Written);
    }
}

// The framer as a message reader for MessageLoop.
internal readonly struct LineReader(LineFramer framer) : IMessageReader<ReadOnlySequence<byte>>
{
    public bool TryRead(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message) => framer.TryReadLine(ref buffer, out message);

    public Exception Truncated(in ReadOnlySequence<byte> remaining) => LineFramer.CreateTruncated(remaining.Length);
}
