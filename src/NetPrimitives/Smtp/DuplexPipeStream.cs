using System.IO.Pipelines;
using NetPrimitives.Transport;

namespace NetPrimitives.Smtp;

/// <summary>
/// A <see cref="Stream"/> over a duplex pipe, so that <see cref="System.Net.Security.SslStream"/> can run on top
/// of the pipe transport for STARTTLS: reads come from the pipe's input, writes go to its output and are
/// flushed at once (TLS records must not wait in a buffer). Not owning: disposing it leaves the pipe open.
/// </summary>
internal sealed class DuplexPipeStream : UnseekableStream
{
    private readonly Stream _reader;
    private readonly Stream _writer;

    public DuplexPipeStream(IDuplexPipe pipe)
    {
        _reader = pipe.Input.AsStream(leaveOpen: true);
        _writer = pipe.Output.AsStream(leaveOpen: true);
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _reader.ReadAsync(buffer, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => _reader.Read(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _writer.WriteAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => _writer.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

    public override void Flush() => _writer.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
            _writer.Dispose();
        }

        base.Dispose(disposing);
    }
}
