using System.Buffers;
using System.Buffers.Text;

namespace NetPrimitives.Http;

/// <summary>How the response body is delimited (RFC 9112 §6.3).</summary>
internal enum ResponseFraming
{
    /// <summary>No body and no length field: 1xx, 204, 304, or a HEAD whose GET length is unknown.</summary>
    None,

    /// <summary>A Content-Length field.</summary>
    ContentLength,

    /// <summary>Transfer-Encoding: chunked (HTTP/1.1 clients only).</summary>
    Chunked,

    /// <summary>The body ends when the connection closes (HTTP/1.0 clients with an unknown length, RFC 9112 §6.3 (8)).</summary>
    CloseDelimited,
}

/// <summary>Writes a response head (RFC 9112 §4 status line and §5 fields) to a buffer writer. Pure.</summary>
internal static class HttpResponseHeadWriter
{
    /// <summary>
    /// Writes the status line, Date, Server, the caller's fields, the framing field and Connection: close when
    /// <paramref name="close"/>, then the empty line. The caller's fields must not include Date, Server,
    /// Content-Length, Transfer-Encoding or Connection (they are the server's to set).
    /// </summary>
    /// <exception cref="ArgumentException">A field name is not a token, or a value holds CR, LF or another CTL (response splitting).</exception>
    public static void Write(
        IBufferWriter<byte> output,
        int statusCode,
        string? reasonPhrase,
        HttpHeaders headers,
        ResponseFraming framing,
        long contentLength,
        bool close,
        ReadOnlySpan<byte> dateLine,
        string? server)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 999);

        // RFC 9110 §2.5: a server sends the highest minor version it conforms to, whatever the request's was.
        WriteAscii(output, "HTTP/1.1 ");
        WriteNumber(output, statusCode);
        WriteAscii(output, " ");
        var reason = reasonPhrase ?? HttpReasonPhrases.Get(statusCode);
        if (!HttpChars.IsFieldValue(reason))
        {
            throw new ArgumentException("The reason phrase contains a control character.", nameof(reasonPhrase));
        }

        WriteLatin1(output, reason);
        WriteAscii(output, "\r\n");
        output.Write(dateLine);
        if (!string.IsNullOrEmpty(server))
        {
            WriteField(output, HttpHeaderNames.Server, server);
        }

        for (var i = 0; i < headers.Count; i++)
        {
            var field = headers.FieldAt(i); // indexed: no enumerator allocation per response
            WriteField(output, field.Key, field.Value);
        }

        // RFC 9110 §8.6: no Content-Length in 1xx or 204 responses; RFC 9112 §6.1: nor Transfer-Encoding.
        var mayFrame = statusCode >= 200 && statusCode != 204;
        if (mayFrame && framing == ResponseFraming.ContentLength)
        {
            WriteAscii(output, "Content-Length: ");
            WriteNumber(output, contentLength);
            WriteAscii(output, "\r\n");
        }
        else if (mayFrame && framing == ResponseFraming.Chunked)
        {
            WriteAscii(output, "Transfer-Encoding: chunked\r\n");
        }

        if (close || framing == ResponseFraming.CloseDelimited)
        {
            WriteAscii(output, "Connection: close\r\n");
        }

        WriteAscii(output, "\r\n");
    }

    private static void WriteField(IBufferWriter<byte> output, string name, string value)
    {
        if (!HttpChars.IsToken(name))
        {
            throw new ArgumentException($"Invalid header name '{name}'.", nameof(name));
        }

        if (!HttpChars.IsFieldValue(value))
        {
            throw new ArgumentException($"The value of header '{name}' contains CR, LF or another control character.", nameof(value));
        }

        WriteAscii(output, name);
        WriteAscii(output, ": ");
        WriteLatin1(output, value);
        WriteAscii(output, "\r\n");
    }

    internal static void WriteAscii(IBufferWriter<byte> output, string text) => WriteLatin1(output, text);

    private static void WriteLatin1(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        var written = System.Text.Encoding.Latin1.GetBytes(text, span);
        output.Advance(written);
    }

    internal static void WriteNumber(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
    }
}
