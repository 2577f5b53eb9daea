using NetPrimitives.Transport;

namespace NetPrimitives.Http;

/// <summary>The response body as a write-only stream over <see cref="HttpResponse.WriteAsync"/>.</summary>
internal sealed class ResponseBodyStream(HttpResponse response) : UnseekableStream
{
    public override bool CanWrite => true;

    public override long Position => response.BytesWritten;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        response.WriteAsync(buffer, cancellationToken);

    // A synchronous write could not wait for a slow client, so the pipe would grow without bound.
    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Write the response body asynchronously (WriteAsync, CopyToAsync).");
}
