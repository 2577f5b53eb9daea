using System.Buffers;

namespace NetPrimitives.Smtp;

public sealed partial class SmtpClientRaw
{
    /// <summary>Message data goes out in blocks this large; each block's write has the DATA block timeout.</summary>
    private const int DataBlockSize = 64 * 1024;

    private const string DataCommand = "DATA (message data)";

    /// <summary>Sends the message after a 354 and reads the reply to the final dot (RFC 5321 §4.1.1.4).</summary>
    private async ValueTask<(long Bytes, SmtpReply Reply)> SendDataAsync(MessageSource message, CancellationToken cancellationToken)
    {
        var bytes = await WriteDataAsync(message, cancellationToken).ConfigureAwait(false);
        await FlushAsync(DataCommand, _options.DataBlockTimeout, cancellationToken).ConfigureAwait(false);
        var reply = await ReadReplyAsync(DataCommand, _options.DataTerminationTimeout, cancellationToken).ConfigureAwait(false);
        return (bytes, reply);
    }

    /// <summary>
    /// Writes the message data, dot-stuffed, and the final dot line. Blocks before the last are flushed as they go;
    /// the rest stays buffered for the caller's flush (a batch adds the next envelope to it).
    /// </summary>
    private async ValueTask<long> WriteDataAsync(MessageSource message, CancellationToken cancellationToken)
    {
        var encoder = new SmtpDataEncoder();
        var output = _pipe.Output;
        const string Command = DataCommand;
        try
        {
            if (message.Stream is { } stream)
            {
                var block = ArrayPool<byte>.Shared.Rent(DataBlockSize);
                try
                {
                    int read;
                    while ((read = await stream.ReadAsync(block.AsMemory(0, DataBlockSize), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        encoder.Encode(block.AsSpan(0, read), output);
                        await FlushAsync(Command, _options.DataBlockTimeout, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(block);
                }
            }
            else
            {
                var bytes = message.Bytes;
                for (var offset = 0; offset < bytes.Length; offset += DataBlockSize)
                {
                    encoder.Encode(bytes.Span.Slice(offset, Math.Min(DataBlockSize, bytes.Length - offset)), output);
                    if (offset + DataBlockSize < bytes.Length)
                    {
                        await FlushAsync(Command, _options.DataBlockTimeout, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not SmtpException)
        {
            // The message stream failed halfway: ending the data now would deliver a truncated message, so the
            // session is abandoned instead (the server discards an unterminated DATA when the connection drops).
            throw Fault(ex);
        }

        encoder.Complete(output);
        SmtpLog.DataSent(_logger, encoder.BytesWritten);
        _options.Transcript?.WriteLine($"--> [<message data: {encoder.BytesWritten} bytes, dot-stuffed, including the final .CRLF>]");
        return encoder.BytesWritten;
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes, string shown)
    {
        _pipe.Output.Write(bytes);
        SmtpLog.Sent(_logger, shown);
        _options.Transcript?.WriteLine($"--> [{shown}]");
    }

    /// <summary>Where the message comes from, with what can be known before sending it (RFC 1870 SIZE, RFC 6152 8BITMIME).</summary>
    private readonly struct MessageSource
    {
        public MessageSource(ReadOnlyMemory<byte> bytes)
        {
            Bytes = bytes;
            Size = bytes.Length;
            EightBit = bytes.Span.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;
        }

        public MessageSource(Stream stream)
        {
            Stream = stream;
            Size = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : null;

            // Unknown without reading it twice; BODY=8BITMIME is then declared whenever the server allows it.
            EightBit = null;
        }

        public ReadOnlyMemory<byte> Bytes { get; }

        public Stream? Stream { get; }

        public long? Size { get; }

        public bool? EightBit { get; }
    }
}
