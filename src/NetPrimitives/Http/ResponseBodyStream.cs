namespace NetPrimitives.Http;

/// <summary>The response body as a write-only stream over <see cref="HttpResponse.WriteAsync"/>.</summary>
internal sealed class ResponseBodyStream(HttpResponse response) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => response.BytesWritten;
        set => throw new NotSupportedException();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        response.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        response.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // A synchronous write could not wait for a slow client, so the pipe would grow without bound.
    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Write the response body asynchronously (WriteAsync, CopyToAsync).");

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
