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
    // "HTTP/1.1 200 OK\r\n" and the like, formatted once per status code (standard reason phrases only).
    private static readonly byte[]?[] StatusLines = new byte[]?[1000];

    /// <summary>
    /// Writes the status line, Date, Server, the caller's fields, the framing field and Connection: close when
    /// <paramref name="close"/>, then the empty line, into <paramref name="writer"/> (not committed, so a small body
    /// can follow in the same span). The caller's fields must not include Date, Server, Content-Length,
    /// Transfer-Encoding or Connection (they are the server's to set).
    /// </summary>
    /// <exception cref="ArgumentException">A field name is not a token, or a value holds CR, LF or another CTL (response splitting).</exception>
    public static void Write(
        ref SpanBufferWriter writer,
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
        if (reasonPhrase is null)
        {
            writer.Write(StatusLines[statusCode] ??= FormatStatusLine(statusCode, HttpReasonPhrases.Get(statusCode)));
        }
        else
        {
            writer.Write(FormatStatusLine(statusCode, reasonPhrase));
        }

        writer.Write(dateLine);
        if (!string.IsNullOrEmpty(server))
        {
            WriteField(ref writer, HttpHeaderNames.Server, server);
        }

        for (var i = 0; i < headers.Count; i++)
        {
            var field = headers.FieldAt(i); // indexed: no enumerator allocation per response
            WriteField(ref writer, field.Key, field.Value);
        }

        // RFC 9110 §8.6: no Content-Length in 1xx or 204 responses; RFC 9112 §6.1: nor Transfer-Encoding.
        var mayFrame = statusCode >= 200 && statusCode != 204;
        if (mayFrame && framing == ResponseFraming.ContentLength)
        {
            writer.Write("Content-Length: "u8);
            writer.WriteNumber(contentLength);
            writer.Write("\r\n"u8);
        }
        else if (mayFrame && framing == ResponseFraming.Chunked)
        {
            writer.Write("Transfer-Encoding: chunked\r\n"u8);
        }

        if (close || framing == ResponseFraming.CloseDelimited)
        {
            writer.Write("Connection: close\r\n"u8);
        }

        writer.Write("\r\n"u8);
    }

    private static byte[] FormatStatusLine(int statusCode, string reason)
    {
        if (!HttpChars.IsFieldValue(reason))
        {
            throw new ArgumentException("The reason phrase contains a control character.", nameof(reason));
        }

        return System.Text.Encoding.Latin1.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"HTTP/1.1 {statusCode} {reason}\r\n"));
    }

    private static void WriteField(ref SpanBufferWriter writer, string name, string value)
    {
        if (!HttpChars.IsToken(name))
        {
            throw new ArgumentException($"Invalid header name '{name}'.", nameof(name));
        }

        if (!HttpChars.IsFieldValue(value))
        {
            throw new ArgumentException($"The value of header '{name}' contains CR, LF or another control character.", nameof(value));
        }

        writer.WriteLatin1(name);
        writer.Write(": "u8);
        writer.WriteLatin1(value);
        writer.Write("\r\n"u8);
    }

    internal static void WriteAscii(IBufferWriter<byte> output, string text)
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
