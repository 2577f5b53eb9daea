namespace NetPrimitives.Http;

/// <summary>The request body as a read-only, forward-only stream over <see cref="RequestBodyReader"/>.</summary>
internal sealed class RequestBodyStream(RequestBodyReader reader) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => reader.BytesRead;
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        reader.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        reader.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous reads would block a pool thread on the network; handlers are async.
    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Read the request body asynchronously (ReadAsync, CopyToAsync).");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
