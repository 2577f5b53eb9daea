using System.Buffers;

namespace NetPrimitives.Http;

/// <summary>What <see cref="MultipartParser.TryRead"/> found.</summary>
internal enum MultipartEvent
{
    /// <summary>A new part begins; its fields are in <see cref="MultipartParser.Headers"/>.</summary>
    PartHeaders,

    /// <summary>Bytes of the current part's body.</summary>
    Data,

    /// <summary>The close delimiter: no more parts.</summary>
    End,
}

/// <summary>
/// A pure, incremental multipart/form-data parser (RFC 7578, RFC 2046 §5.1.1): hands out part bodies as slices of
/// the buffer as soon as they cannot be the start of a delimiter, so a part is never buffered whole.
/// </summary>
internal sealed class MultipartParser
{
    /// <summary>The most bytes of one part's header section.</summary>
    internal const int MaxPartHeadersSize = 16 * 1024;

    /// <summary>RFC 2046 §5.1.1: a boundary is 1 to 70 characters.</summary>
    internal const int MaxBoundaryLength = 70;

    private readonly byte[] _delimiter; // CRLF "--" boundary
    private State _state = State.Preamble;
    private long _headerBytes;
    private bool _atStart = true;

    public MultipartParser(string boundary)
    {
        if (string.IsNullOrEmpty(boundary) || boundary.Length > MaxBoundaryLength || boundary.Any(c => c > 0x7E || c < 0x20))
        {
            HttpThrow.BadRequest("Invalid multipart boundary");
        }

        _delimiter = System.Text.Encoding.ASCII.GetBytes("\r\n--" + boundary);
    }

    private enum State
    {
        Preamble,
        AfterDelimiter,
        Headers,
        Body,
        Done,
    }

    /// <summary>The fields of the current part (valid after <see cref="MultipartEvent.PartHeaders"/>).</summary>
    public HttpHeaders Headers { get; private set; } = new(0);

    public bool IsCompleted => _state == State.Done;

    /// <summary>
    /// Parses from the front of <paramref name="buffer"/>, slicing off what it consumed (also when it returns
    /// <see langword="false"/> for more bytes). <paramref name="data"/> is set for <see cref="MultipartEvent.Data"/>.
    /// </summary>
    /// <exception cref="HttpParseException">Malformed multipart body (400).</exception>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, long maxData, out MultipartEvent kind, out ReadOnlySequence<byte> data)
    {
        data = ReadOnlySequence<byte>.Empty;
        kind = MultipartEvent.End;
        while (true)
        {
            switch (_state)
            {
                case State.Preamble:
                    if (!TrySkipPreamble(ref buffer))
                    {
                        return false;
                    }

                    break;
                case State.AfterDelimiter:
                    if (!TryReadAfterDelimiter(ref buffer))
                    {
                        return false;
                    }

                    if (_state == State.Done)
                    {
                        kind = MultipartEvent.End;
                        return true;
                    }

                    break;
                case State.Headers:
                    if (!TryReadHeaderLine(ref buffer, out var ended))
                    {
                        return false;
                    }

                    if (ended)
                    {
                        kind = MultipartEvent.PartHeaders;
                        return true;
                    }

                    break;
                case State.Body:
                    if (!TryReadBody(ref buffer, maxData, out data))
                    {
                        return false;
                    }

                    if (!data.IsEmpty)
                    {
                        kind = MultipartEvent.Data;
                        return true;
                    }

                    break;
                default:
                    kind = MultipartEvent.End;
                    return true;
            }
        }
    }

    private bool TrySkipPreamble(ref ReadOnlySequence<byte> buffer)
    {
        // The first delimiter may come without its CRLF when the body starts with it (RFC 2046 §5.1.1).
        var dashBoundary = _delimiter.AsSpan(2);
        var reader = new SequenceReader<byte>(buffer);
        if (_atStart)
        {
            if (reader.IsNext(dashBoundary, advancePast: true))
            {
                buffer = buffer.Slice(reader.Position);
                _state = State.AfterDelimiter;
                return true;
            }

            if (buffer.Length < dashBoundary.Length && StartsWithPrefixOf(buffer, dashBoundary))
            {
                return false;
            }

            _atStart = false;
        }

        if (reader.TryReadTo(out ReadOnlySequence<byte> _, _delimiter, advancePastDelimiter: true))
        {
            buffer = buffer.Slice(reader.Position);
            _state = State.AfterDelimiter;
            return true;
        }

        // The preamble is dropped as it comes, keeping only what could be the start of a delimiter.
        var keep = Math.Min(buffer.Length, _delimiter.Length - 1);
        buffer = buffer.Slice(buffer.Length - keep);
        return false;
    }

    private static bool StartsWithPrefixOf(in ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> expected)
    {
        Span<byte> head = stackalloc byte[(int)buffer.Length];
        buffer.CopyTo(head);
        return expected.StartsWith(head);
    }

    /// <summary>After a delimiter: "--" ends the body; else optional whitespace (transport padding) and CRLF.</summary>
    private bool TryReadAfterDelimiter(ref ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.Remaining < 2)
        {
            return false;
        }

        if (reader.IsNext("--"u8, advancePast: true))
        {
            // The epilogue, if any, is ignored; the caller drains the rest of the request body.
            buffer = buffer.Slice(reader.Position);
            _state = State.Done;
            return true;
        }

        reader.AdvancePastAny((byte)' ', (byte)'\t');
        if (reader.Remaining < 2)
        {
            if (reader.Consumed > 256)
            {
                HttpThrow.BadRequest("Malformed multipart delimiter");
            }

            return false;
        }

        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            HttpThrow.BadRequest("Malformed multipart delimiter");
        }

        buffer = buffer.Slice(reader.Position);
        Headers = new HttpHeaders(2);
        _headerBytes = 0;
        _state = State.Headers;
        return true;
    }

    private bool TryReadHeaderLine(ref ReadOnlySequence<byte> buffer, out bool ended)
    {
        ended = false;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            if (_headerBytes + buffer.Length > MaxPartHeadersSize)
            {
                HttpThrow.BadRequest("Multipart part headers too large");
            }

            return false;
        }

        _headerBytes += line.Length + 1;
        if (_headerBytes > MaxPartHeadersSize)
        {
            HttpThrow.BadRequest("Multipart part headers too large");
        }

        var bytes = line.ToArray();
        if (bytes.Length == 0 || bytes[^1] != (byte)'\r')
        {
            HttpThrow.BadRequest("Multipart header line not terminated by CRLF");
        }

        buffer = buffer.Slice(reader.Position);
        if (bytes.Length == 1)
        {
            ended = true;
            _state = State.Body;
            return true;
        }

        ParsePartField(bytes.AsSpan(0, bytes.Length - 1));
        return true;
    }

    /// <summary>Like a request field line, but the value is UTF-8: browsers send file names raw (RFC 7578 §4.2).</summary>
    private void ParsePartField(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || !HttpChars.IsToken(line[..colon]))
        {
            HttpThrow.BadRequest("Malformed multipart header");
        }

        var value = HttpChars.TrimOws(line[(colon + 1)..]);
        if (value.ContainsAny(HttpChars.InvalidFieldValue))
        {
            HttpThrow.BadRequest("Invalid character in multipart header");
        }

        Headers.Add(HttpHeaderNames.Intern(line[..colon]), System.Text.Encoding.UTF8.GetString(value));
    }

    private bool TryReadBody(ref ReadOnlySequence<byte> buffer, long maxData, out ReadOnlySequence<byte> data)
    {
        data = ReadOnlySequence<byte>.Empty;
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out ReadOnlySequence<byte> before, _delimiter, advancePastDelimiter: false))
        {
            if (before.IsEmpty)
            {
                buffer = buffer.Slice(_delimiter.Length);
                _state = State.AfterDelimiter;
                return true;
            }

            data = before.Slice(0, Math.Min(before.Length, maxData));
            buffer = buffer.Slice(data.Length);
            return true;
        }

        // Bytes that cannot begin a delimiter are safe to hand out now.
        var safe = buffer.Length - (_delimiter.Length - 1);
        if (safe <= 0)
        {
            return false;
        }

        data = buffer.Slice(0, Math.Min(safe, maxData));
        buffer = buffer.Slice(data.Length);
        return true;
    }
}
