using System.Buffers;
using System.Collections.Frozen;

namespace NetPrimitives.Http;

/// <summary>
/// Decodes a chunked request body (RFC 9112 §7.1) incrementally, without buffering chunk data: each call hands
/// back the data bytes available in the buffer (a slice of it, valid until the caller advances its reader).
/// Pure and synchronous; one instance per body.
/// </summary>
internal sealed class ChunkedDecoder
{
    /// <summary>The longest chunk-size line with its extensions; Kestrel reads extensions but bounds them too.</summary>
    internal const int MaxChunkLineLength = 4096;

    // RFC 9110 §6.5.1 (with RFC 7230 §4.1.2's list): fields that frame, route, authenticate or modify a request, control
    // a response, manage the connection or describe the content must be known before the content, so a trailer
    // cannot carry them. They are dropped; trailers never reach the header section either way.
    private static readonly FrozenSet<string> RefusedInTrailers = new[]
    {
        "Transfer-Encoding", "Content-Length", "Host", "Connection", "Keep-Alive", "Upgrade", "Proxy-Connection",
        "Cache-Control", "Expect", "Max-Forwards", "Pragma", "Range", "TE",
        "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since", "If-Range",
        "Authorization", "Proxy-Authorization", "WWW-Authenticate", "Proxy-Authenticate", "Cookie", "Set-Cookie",
        "Age", "Expires", "Date", "Location", "Retry-After", "Vary", "Warning",
        "Content-Encoding", "Content-Type", "Content-Range", "Trailer",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private readonly long? _maxBodySize;
    private readonly int _maxTrailerSize;
    private readonly int _maxTrailerCount;
    private State _state;
    private long _chunkRemaining;
    private long _trailerBytes;
    private int _trailerLines;

    public ChunkedDecoder(HttpLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _maxBodySize = limits.MaxRequestBodySize;
        _maxTrailerSize = limits.MaxRequestHeadersTotalSize;
        _maxTrailerCount = limits.MaxRequestHeaderCount;
    }

    private enum State
    {
        Size,
        Data,
        DataEnd,
        Trailers,
        Done,
    }

    /// <summary>True once the last chunk and the trailer section have been read.</summary>
    public bool IsCompleted => _state == State.Done;

    /// <summary>The data bytes decoded so far.</summary>
    public long BodyLength { get; private set; }

    /// <summary>
    /// The trailer fields (RFC 9112 §7.1.2), once <see cref="IsCompleted"/>, without those a trailer may not carry;
    /// empty when none were sent.
    /// </summary>
    public HttpHeaders Trailers { get; } = new(0);

    /// <summary>
    /// Decodes from the front of <paramref name="buffer"/>, slicing off what it consumed. Returns <see langword="true"/>
    /// with at most <paramref name="maxData"/> data bytes in <paramref name="data"/>, or with empty data once the body
    /// is complete; returns <see langword="false"/> when more bytes are needed.
    /// </summary>
    /// <exception cref="HttpParseException">Malformed chunking (400), trailers too large (431) or body too large (413).</exception>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, long maxData, out ReadOnlySequence<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxData, 1);
        data = ReadOnlySequence<byte>.Empty;
        while (true)
        {
            switch (_state)
            {
                case State.Size:
                    if (!TryReadSize(ref buffer))
                    {
                        return false;
                    }

                    break;
                case State.Data:
                    if (buffer.IsEmpty)
                    {
                        return false;
                    }

                    var take = Math.Min(Math.Min(_chunkRemaining, buffer.Length), maxData);
                    data = buffer.Slice(0, take);
                    buffer = buffer.Slice(take);
                    _chunkRemaining -= take;
                    BodyLength += take;
                    if (_chunkRemaining == 0)
                    {
                        _state = State.DataEnd;
                    }

                    return true;
                case State.DataEnd:
                    // chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF: exactly CRLF after the data.
                    var reader = new SequenceReader<byte>(buffer);
                    if (reader.IsNext("\r\n"u8, advancePast: true))
                    {
                        buffer = buffer.Slice(2);
                        _state = State.Size;
                        break;
                    }

                    if (buffer.Length >= 2 || (buffer.Length == 1 && !reader.IsNext((byte)'\r')))
                    {
                        HttpThrow.BadRequest("Chunk data not followed by CRLF");
                    }

                    return false;
                case State.Trailers:
                    if (!TryReadTrailerLine(ref buffer))
                    {
                        return false;
                    }

                    break;
                default:
                    return true;
            }
        }
    }

    private bool TryReadSize(ref ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            if (buffer.Length > MaxChunkLineLength)
            {
                HttpThrow.BadRequest("Chunk size line too long");
            }

            return false;
        }

        if (line.Length >= MaxChunkLineLength)
        {
            HttpThrow.BadRequest("Chunk size line too long");
        }

        Span<byte> copy = stackalloc byte[MaxChunkLineLength];
        var span = line.IsSingleSegment ? line.FirstSpan : copy[..(int)line.Length];
        if (!line.IsSingleSegment)
        {
            line.CopyTo(copy);
        }

        var size = ParseSizeLine(span);
        buffer = buffer.Slice(reader.Position);
        if (size == 0)
        {
            _state = State.Trailers;
            return true;
        }

        // Checked against the limit before a byte of the chunk is read.
        if (size > _maxBodySize - BodyLength)
        {
            HttpThrow.Status(413, "Request body too large");
        }

        _chunkRemaining = size;
        _state = State.Data;
        return true;
    }

    /// <summary>chunk-size [ chunk-ext ] CR (the LF already cut off).</summary>
    internal static long ParseSizeLine(ReadOnlySpan<byte> line)
    {
        // The line must end in CRLF, and a CR or LF anywhere else (e.g. inside an extension) is refused: a front end
        // that ends the line elsewhere would see different chunk boundaries (request smuggling).
        if (line.IsEmpty || line[^1] != (byte)'\r' || line[..^1].Contains((byte)'\r'))
        {
            HttpThrow.BadRequest("Chunk size line not terminated by CRLF");
        }

        line = line[..^1];
        var digits = line.IndexOfAnyExcept(HttpChars.HexDigits);
        if (digits < 0)
        {
            digits = line.Length;
        }

        if (digits == 0)
        {
            HttpThrow.BadRequest("Invalid chunk size");
        }

        long size = 0;
        foreach (var b in line[..digits])
        {
            // RFC 9112 §7.1: recipients MUST anticipate large hex numbers and prevent overflow.
            if (size > (long.MaxValue >> 4))
            {
                HttpThrow.BadRequest("Chunk size overflow");
            }

            size = (size << 4) | (long)HttpChars.HexValue(b);
        }

        if (digits < line.Length)
        {
            CheckExtensions(line[digits..]);
        }

        return size;
    }

    /// <summary>
    /// chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ), chunk-ext-name = token,
    /// chunk-ext-val = token / quoted-string (RFC 9112 §7.1.1). Ignored, but only when they follow the grammar: a front
    /// end that reads them another way may find another chunk size. BWS is allowed only around ";" and "=", so
    /// whitespace before the CRLF ("5 ", "5;a=b ") is refused, as are "5;" and a name that is not a token.
    /// </summary>
    private static void CheckExtensions(ReadOnlySpan<byte> extensions)
    {
        var position = 0;
        while (position < extensions.Length)
        {
            position = SkipWhitespace(extensions, position);
            if (position == extensions.Length || extensions[position] != (byte)';')
            {
                HttpThrow.BadRequest("Invalid chunk extension");
            }

            position = SkipToken(extensions, SkipWhitespace(extensions, position + 1));
            var equals = SkipWhitespace(extensions, position);
            if (equals < extensions.Length && extensions[equals] == (byte)'=')
            {
                var value = SkipWhitespace(extensions, equals + 1);
                position = value < extensions.Length && extensions[value] == (byte)'"'
                    ? SkipQuotedString(extensions, value)
                    : SkipToken(extensions, value);
            }
        }
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> span, int position)
    {
        while (position < span.Length && span[position] is (byte)' ' or (byte)'\t')
        {
            position++;
        }

        return position;
    }

    private static int SkipToken(ReadOnlySpan<byte> span, int position)
    {
        var length = span[position..].IndexOfAnyExcept(HttpChars.Token);
        if (length == 0 || position == span.Length)
        {
            HttpThrow.BadRequest("Invalid chunk extension");
        }

        return length < 0 ? span.Length : position + length;
    }

    /// <summary>quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE (RFC 9110 §5.6.4); returns the position after it.</summary>
    private static int SkipQuotedString(ReadOnlySpan<byte> span, int position)
    {
        for (position++; position < span.Length; position++)
        {
            var b = span[position];
            if (b == (byte)'"')
            {
                return position + 1;
            }

            if (b == (byte)'\\' && position + 1 < span.Length)
            {
                b = span[++position]; // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
            }

            // qdtext: HTAB, SP, VCHAR except DQUOTE and "\", obs-text; no other CTL.
            if (b != (byte)'\t' && (b < 0x20 || b == 0x7F))
            {
                break;
            }
        }

        HttpThrow.BadRequest("Invalid quoted string in chunk extension");
        return 0;
    }

    /// <summary>trailer-section = *( field-line CRLF ) CRLF (RFC 9112 §7.1.2), under the header limits.</summary>
    private bool TryReadTrailerLine(ref ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            if (_trailerBytes + buffer.Length > _maxTrailerSize)
            {
                HttpThrow.Status(431, "Trailer section too large");
            }

            return false;
        }

        _trailerBytes += line.Length + 1;
        if (_trailerBytes > _maxTrailerSize)
        {
            HttpThrow.Status(431, "Trailer section too large");
        }

        var bytes = line.ToArray(); // rare (trailers), and bounded by the limit just checked
        if (bytes.Length == 0 || bytes[^1] != (byte)'\r')
        {
            HttpThrow.BadRequest("Trailer line not terminated by CRLF");
        }

        buffer = buffer.Slice(reader.Position);
        if (bytes.Length == 1)
        {
            _state = State.Done;
            return true;
        }

        // Dropped fields count too: the limit is on what the client sent.
        if (++_trailerLines > _maxTrailerCount)
        {
            HttpThrow.Status(431, "Too many trailer fields");
        }

        HttpRequestParser.ParseFieldLine(bytes.AsSpan(0, bytes.Length - 1), Trailers);
        if (RefusedInTrailers.Contains(Trailers.FieldAt(Trailers.Count - 1).Key))
        {
            Trailers.RemoveAt(Trailers.Count - 1);
        }

        return true;
    }
}
