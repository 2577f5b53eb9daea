using NetPrimitives.Transport;

namespace NetPrimitives.Http;

/// <summary>The request body as a read-only, forward-only stream over <see cref="RequestBodyReader"/>.</summary>
internal sealed class RequestBodyStream(RequestBodyReader reader) : UnseekableStream
{
    public override bool CanRead => true;

    public override long Position => reader.BytesRead;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        reader.ReadAsync(buffer, cancellationToken);

    // Synchronous reads would block a pool thread on the network; handlers are async.
    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Read the request body asynchronously (ReadAsync, CopyToAsync).");
}
