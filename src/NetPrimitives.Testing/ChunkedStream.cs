namespace NetPrimitives.Testing;

/// <summary>
/// A read-only, non-seekable stream over fixed bytes that returns them in the chunk sizes you choose,
/// the way a <see cref="System.Net.Sockets.NetworkStream"/> returns whatever has arrived. Use it to test
/// code that reads framed data from a <see cref="Stream"/>.
/// </summary>
public sealed class ChunkedStream : Stream
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly int[] _chunkSizes;
    private int _position;
    private int _reads;

    /// <summary>Creates a stream that returns at most the next size of <paramref name="chunkSizes"/> per read, cycling through them.</summary>
    /// <param name="data">The bytes the stream yields, then end of stream.</param>
    /// <param name="chunkSizes">Maximum bytes per read, used in turn; each at least 1. Empty means one byte per read.</param>
    public ChunkedStream(ReadOnlyMemory<byte> data, params int[] chunkSizes)
    {
        ArgumentNullException.ThrowIfNull(chunkSizes);
        foreach (var size in chunkSizes)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(chunkSizes));
        }

        _data = data;
        _chunkSizes = chunkSizes.Length == 0 ? [1] : chunkSizes.ToArray();
    }

    /// <summary>How many read calls returned data or end of stream.</summary>
    public int ReadCount => _reads;

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var size = Math.Min(Math.Min(buffer.Length, _chunkSizes[_reads % _chunkSizes.Length]), _data.Length - _position);
        _reads++;
        _data.Span.Slice(_position, size).CopyTo(buffer);
        _position += size;
        return size;
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<int>(Read(buffer.Span));
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
