using System.Buffers;

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

    private readonly long? _maxBodySize;
    private readonly int _maxTrailerSize;
    private readonly int _maxTrailerCount;
    private State _state;
    private long _chunkRemaining;
    private long _trailerBytes;

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

    /// <summary>The trailer fields (RFC 9112 §7.1.2), once <see cref="IsCompleted"/>; empty when none were sent.</summary>
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

            size = (size << 4) | (long)HexValue(b);
        }

        // chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ): ignored, but must be well-formed text.
        var extensions = HttpChars.TrimOws(line[digits..]);
        if (!extensions.IsEmpty && (extensions[0] != (byte)';' || extensions.ContainsAny(HttpChars.InvalidFieldValue)))
        {
            HttpThrow.BadRequest("Invalid chunk extension");
        }

        return size;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => b - 'A' + 10,
    };

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

        if (Trailers.Count >= _maxTrailerCount)
        {
            HttpThrow.Status(431, "Too many trailer fields");
        }

        HttpRequestParser.ParseFieldLine(bytes.AsSpan(0, bytes.Length - 1), Trailers);
        return true;
    }
}
