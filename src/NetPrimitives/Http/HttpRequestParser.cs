using System.Buffers;

namespace NetPrimitives.Http;

/// <summary>
/// Parses request heads (request line and header section, RFC 9112 §2-§5) from the bytes a connection has
/// buffered. Pure: no I/O, no state between calls. The head is first located with the limits checked as bytes
/// arrive (so an endless line is refused at the limit, not buffered) and the request line checked as far as it
/// has arrived (so bytes that cannot begin a request are refused at once, not at a timeout), then parsed in one
/// pass over a span; an incomplete head allocates nothing.
/// </summary>
internal sealed partial class HttpRequestParser
{
    private readonly HttpLimits _limits;

    public HttpRequestParser(HttpLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
    }

    /// <summary>
    /// Reads one request head from the front of <paramref name="buffer"/>. On success slices the head off
    /// (the body, if any, follows) and returns <see langword="true"/>; returns <see langword="false"/> while the
    /// head is incomplete, leaving <paramref name="buffer"/> as it was.
    /// </summary>
    /// <param name="buffer">The bytes received; on success, what follows the head.</param>
    /// <param name="head">The parsed head.</param>
    /// <param name="reuse">A connection's header collection and strings to reuse, or <see langword="null"/> for new ones.</param>
    /// <exception cref="HttpParseException">The head is malformed (400), too long (414, 431) or unsupported (413, 417, 501, 505).</exception>
    public bool TryParseRequestHead(ref ReadOnlySequence<byte> buffer, out HttpRequestHead head, RequestHeadReuse? reuse = null)
    {
        head = null!;

        // Fast path: the whole head in the first segment (nearly always), located and parsed on one span.
        var first = buffer.FirstSpan;
        if (TryLocateHead(first, out var headLength))
        {
            head = Parse(first[..headLength], reuse, out var known);
            ApplyFraming(head, known);
            buffer = buffer.Slice(headLength);
            return true;
        }

        if (buffer.IsSingleSegment || !TryLocateHead(buffer, out var end))
        {
            return false;
        }

        var bytes = buffer.Slice(0, end);
        KnownFields fields;
        if (bytes.IsSingleSegment)
        {
            head = Parse(bytes.FirstSpan, reuse, out fields);
        }
        else
        {
            // Bounded by the limits just checked (request line + header section), so renting is safe.
            var length = (int)bytes.Length;
            var rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                bytes.CopyTo(rented);
                head = Parse(rented.AsSpan(0, length), reuse, out fields);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        ApplyFraming(head, fields);
        buffer = buffer.Slice(end);
        return true;
    }

    /// <summary>
    /// <see cref="TryLocateHead(in ReadOnlySequence{byte}, out SequencePosition)"/> on a span: the same rules and
    /// limits, so a span that is a prefix of the buffer throws only where the whole buffer would.
    /// </summary>
    private bool TryLocateHead(ReadOnlySpan<byte> span, out int end)
    {
        end = 0;
        var position = 0;
        if (!span.IsEmpty && span[0] is (byte)'\r' or (byte)'\n')
        {
            if (span[0] == (byte)'\n' || (span.Length > 1 && span[1] != (byte)'\n'))
            {
                HttpThrow.BadRequest("Bare CR or LF before the request line");
            }

            if (span.Length < 2)
            {
                return false;
            }

            position = 2; // the one empty line we ignore (see the sequence version)
        }

        var line = span[position..];
        var lf = line.IndexOf((byte)'\n');
        CheckRequestLine(lf < 0 ? line : line[..(lf + 1)], Math.Max(0, _limits.MaxRequestLineSize - position), complete: lf >= 0);
        if (lf < 0)
        {
            return false;
        }

        position += lf + 1;
        var maxHeaders = _limits.MaxRequestHeadersTotalSize;
        var maxCount = _limits.MaxRequestHeaderCount;
        var headersStart = position;
        var count = 0;
        while (true)
        {
            lf = span[position..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                if (span.Length - headersStart > maxHeaders)
                {
                    HttpThrow.Status(431, "Request header section too large");
                }

                return false;
            }

            var lineStart = position;
            position += lf + 1;
            if (position - headersStart > maxHeaders)
            {
                HttpThrow.Status(431, "Request header section too large");
            }

            if (lf == 0 || (lf == 1 && span[lineStart] == (byte)'\r'))
            {
                end = position;
                return true;
            }

            if (++count > maxCount)
            {
                HttpThrow.Status(431, "Too many request header fields");
            }
        }
    }

    /// <summary>Finds the end of the head (past the empty line), enforcing the size and count limits.</summary>
    private bool TryLocateHead(in ReadOnlySequence<byte> buffer, out SequencePosition end)
    {
        end = default;
        var reader = new SequenceReader<byte>(buffer);

        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line (CRLF) received before the request-line. We
        // ignore one, which a client may send after a body; a second is refused with the request line's rules, so
        // a stream of CRLFs is answered at its second line, not at the request-line limit.
        if (reader.IsNext((byte)'\r') || reader.IsNext((byte)'\n'))
        {
            if (!reader.IsNext("\r\n"u8, advancePast: true))
            {
                if (reader.IsNext((byte)'\r') && reader.Remaining < 2)
                {
                    return false;
                }

                HttpThrow.BadRequest("Bare CR or LF before the request line");
            }
        }

        var lineStart = reader.Position;
        var limit = Math.Max(0, _limits.MaxRequestLineSize - (int)reader.Consumed);
        var complete = reader.TryReadTo(out ReadOnlySequence<byte> _, (byte)'\n');
        CheckRequestLine(complete ? buffer.Slice(lineStart, reader.Position) : buffer.Slice(lineStart), limit, complete);
        if (!complete)
        {
            return false;
        }

        var maxHeaders = _limits.MaxRequestHeadersTotalSize;
        var maxCount = _limits.MaxRequestHeaderCount;
        var headersStart = reader.Consumed;
        var count = 0;
        while (true)
        {
            if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
            {
                if (reader.Consumed - headersStart + reader.Remaining > maxHeaders)
                {
                    HttpThrow.Status(431, "Request header section too large");
                }

                return false;
            }

            if (reader.Consumed - headersStart > maxHeaders)
            {
                HttpThrow.Status(431, "Request header section too large");
            }

            if (line.Length == 0 || (line.Length == 1 && line.PositionOf((byte)'\r') is not null))
            {
                end = reader.Position;
                return true;
            }

            if (++count > maxCount)
            {
                HttpThrow.Status(431, "Too many request header fields");
            }
        }
    }

    /// <summary>
    /// <see cref="CheckRequestLine(ReadOnlySpan{byte}, int, bool)"/> on a line in a sequence: judged on its first
    /// <paramref name="limit"/> + 1 bytes at most, copied when they span segments (rare, and bounded by the limit).
    /// </summary>
    private static void CheckRequestLine(in ReadOnlySequence<byte> line, int limit, bool complete)
    {
        var bounded = line.Length > limit ? line.Slice(0, limit + 1) : line;
        if (bounded.IsSingleSegment)
        {
            CheckRequestLine(bounded.FirstSpan, limit, complete);
            return;
        }

        var length = (int)bounded.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            bounded.CopyTo(rented);
            CheckRequestLine(rented.AsSpan(0, length), limit, complete);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Parses a located head in one pass, noting which known fields it holds (for the framing rules).</summary>
    private static HttpRequestHead Parse(ReadOnlySpan<byte> bytes, RequestHeadReuse? reuse, out KnownFields known)
    {
        known = default;
        var position = 0;
        if (bytes[0] == (byte)'\r')
        {
            position = 2; // the one leading CRLF, already checked by TryLocateHead
        }

        var line = NextLine(bytes, ref position);
        var (method, target, version) = ParseRequestLine(line, reuse);
        var headers = reuse?.Headers ?? new HttpHeaders();
        headers.Clear();
        while (true)
        {
            line = NextLine(bytes, ref position);
            if (line.IsEmpty)
            {
                break;
            }

            known.Add(ParseFieldLine(line, headers, reuse));
        }

        return new HttpRequestHead(method, target, version, headers);
    }

    /// <summary>The next line without its CRLF; a line ending in a bare LF is refused.</summary>
    private static ReadOnlySpan<byte> NextLine(ReadOnlySpan<byte> bytes, ref int position)
    {
        var rest = bytes[position..];
        var lf = rest.IndexOf((byte)'\n');

        // RFC 9112 §2.2: lines end with CRLF. A recipient MAY accept a bare LF; we don't, because front ends that
        // disagree on line ends are a request-smuggling vector.
        if (lf < 1 || rest[lf - 1] != (byte)'\r')
        {
            HttpThrow.BadRequest("Line not terminated by CRLF");
        }

        position += lf + 1;
        return rest[..(lf - 1)];
    }
}
