using System.Buffers;
using System.IO.Compression;
using NetPrimitives.Transport;

namespace NetPrimitives.Http;

/// <summary>
/// The server's <see cref="HttpCompressionOptions"/> frozen when it starts (so a change later cannot race
/// requests), with the codecs: whole bodies compressed into a pooled buffer, streamed bodies through a compressing
/// stream whose output goes to the response's framing.
/// </summary>
internal sealed class ResponseCompression
{
    // A short list scanned with span comparisons: nothing allocated per response (and no alternate lookups on .NET 8).
    private readonly string[] _types;
    private readonly string[] _anySubtype;

    private ResponseCompression(HttpCompressionOptions options)
    {
        Brotli = options.Brotli;
        Gzip = options.Gzip;
        Level = options.Level;
        MinimumSize = options.MinimumSize;
        var types = options.ContentTypes.Select(t => t.Trim()).ToList();
        _types = [.. types.Where(t => !t.EndsWith("/*", StringComparison.Ordinal))];
        _anySubtype = [.. types.Where(t => t.EndsWith("/*", StringComparison.Ordinal)).Select(t => t[..^2])];
    }

    public bool Brotli { get; }

    public bool Gzip { get; }

    public CompressionLevel Level { get; }

    public int MinimumSize { get; }

    /// <summary>The frozen settings, or <see langword="null"/> when compression is off (no options, or no coding offered).</summary>
    public static ResponseCompression? From(HttpCompressionOptions? options) =>
        options is { } o && (o.Brotli || o.Gzip) ? new ResponseCompression(o) : null;

    /// <summary>The token of a coding in Content-Encoding.</summary>
    public static string Token(ContentCoding coding) => coding == ContentCoding.Brotli ? "br" : "gzip";

    /// <summary>Whether a body of <paramref name="contentType"/> is worth compressing. Allocates nothing.</summary>
    public bool IsCompressible(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';');
        var mediaType = HttpChars.TrimOws(semicolon < 0 ? contentType.AsSpan() : contentType.AsSpan(0, semicolon));
        var slash = mediaType.IndexOf('/');

        // An event stream must reach the client event by event; a compressor would hold events back.
        if (slash <= 0 || mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return Contains(_types, mediaType) || Contains(_anySubtype, mediaType[..slash]);
    }

    /// <summary>
    /// Compresses a whole body into a buffer from the shared pool (return it there); <see langword="false"/> when the
    /// result would not be smaller, and the body is better sent as it is.
    /// </summary>
    public bool TryCompress(ContentCoding coding, ReadOnlySpan<byte> body, out byte[] buffer, out int length)
    {
        // Only a smaller result is of use, so the output gets the body's size and no more.
        buffer = ArrayPool<byte>.Shared.Rent(body.Length);
        var target = buffer.AsSpan(0, body.Length - 1);
        if (coding == ContentCoding.Brotli)
        {
            if (BrotliEncoder.TryCompress(body, target, out length, BrotliQuality(Level), 22))
            {
                return true;
            }
        }
        else
        {
            var output = new BoundedBufferStream(buffer, target.Length);
            using (var gzip = new GZipStream(output, Level, leaveOpen: true))
            {
                gzip.Write(body);
            }

            length = output.Written;
            if (!output.Overflowed)
            {
                return true;
            }
        }

        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
        length = 0;
        return false;
    }

    /// <summary>A compressing stream whose output is written to <paramref name="response"/>'s body framing.</summary>
    public Stream CreateStream(ContentCoding coding, HttpResponse response)
    {
        var sink = new EncodedBodySink(response);
        return coding == ContentCoding.Brotli
            ? new BrotliStream(sink, Level)
            : new GZipStream(sink, Level);
    }

    private static bool Contains(string[] list, ReadOnlySpan<char> item)
    {
        foreach (var entry in list)
        {
            if (item.Equals(entry, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // The qualities BrotliStream uses for the same levels.
    private static int BrotliQuality(CompressionLevel level) => level switch
    {
        CompressionLevel.NoCompression => 0,
        CompressionLevel.Fastest => 1,
        CompressionLevel.SmallestSize => 11,
        _ => 4,
    };

    // A fixed buffer that notes an overflow instead of throwing (MemoryStream's way): gzip output that does not fit
    // is output not worth sending.
    private sealed class BoundedBufferStream(byte[] buffer, int capacity) : UnseekableStream
    {
        public override bool CanWrite => true;

        public int Written { get; private set; }

        public bool Overflowed { get; private set; }

        public override void Write(byte[] data, int offset, int count) => Write(data.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> data)
        {
            if (Overflowed || data.Length > capacity - Written)
            {
                Overflowed = true;
                return;
            }

            data.CopyTo(buffer.AsSpan(Written));
            Written += data.Length;
        }
    }

    // Synchronous by design: the compressor writes into the connection's pipe, which is flushed (with back-pressure)
    // by the response's WriteAsync after each piece.
    private sealed class EncodedBodySink(HttpResponse response) : UnseekableStream
    {
        public override bool CanWrite => true;

        public override void Write(byte[] buffer, int offset, int count) => response.WriteEncoded(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => response.WriteEncoded(buffer);
    }
}
