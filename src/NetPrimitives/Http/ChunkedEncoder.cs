using System.Buffers;
using System.Buffers.Text;

namespace NetPrimitives.Http;

/// <summary>Writes the chunked transfer coding (RFC 9112 §7.1) to a buffer writer. Pure.</summary>
internal static class ChunkedEncoder
{
    /// <summary>Writes one chunk: hex size, CRLF, the data, CRLF. Writes nothing for empty data (a zero-size chunk would end the body).</summary>
    public static void WriteChunk(IBufferWriter<byte> output, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        WriteSize(output, data.Length);
        output.Write(data);
        Crlf(output);
    }

    /// <summary>Writes one chunk from a sequence.</summary>
    public static void WriteChunk(IBufferWriter<byte> output, in ReadOnlySequence<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        WriteSize(output, data.Length);
        foreach (var segment in data)
        {
            output.Write(segment.Span);
        }

        Crlf(output);
    }

    /// <summary>Writes the last chunk ("0" CRLF), optional trailer fields and the final CRLF.</summary>
    public static void WriteEnd(IBufferWriter<byte> output, HttpHeaders? trailers = null)
    {
        HttpResponseHeadWriter.WriteAscii(output, "0\r\n");
        if (trailers is not null)
        {
            foreach (var field in trailers)
            {
                if (!HttpChars.IsToken(field.Key) || !HttpChars.IsFieldValue(field.Value))
                {
                    throw new ArgumentException($"Invalid trailer field '{field.Key}'.", nameof(trailers));
                }

                HttpResponseHeadWriter.WriteAscii(output, field.Key + ": " + field.Value + "\r\n");
            }
        }

        Crlf(output);
    }

    private static void WriteSize(IBufferWriter<byte> output, long size)
    {
        var span = output.GetSpan(18);
        Utf8Formatter.TryFormat(size, span, out var written, new StandardFormat('X'));
        span[written++] = (byte)'\r';
        span[written++] = (byte)'\n';
        output.Advance(written);
    }

    private static void Crlf(IBufferWriter<byte> output)
    {
        var span = output.GetSpan(2);
        span[0] = (byte)'\r';
        span[1] = (byte)'\n';
        output.Advance(2);
    }
}
