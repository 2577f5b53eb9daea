namespace NetPrimitives.Http;

internal sealed partial class HttpRequestParser
{
    /// <summary>field-line = field-name ":" OWS field-value OWS (RFC 9112 §5). Returns the name's index among the known ones, or -1.</summary>
    internal static int ParseFieldLine(ReadOnlySpan<byte> line, HttpHeaders headers, RequestHeadReuse? reuse = null)
    {
        // RFC 9112 §5.2: obs-fold (a line starting with SP or HTAB); a server MUST reject it with 400 or unfold it.
        if (line[0] is (byte)' ' or (byte)'\t')
        {
            HttpThrow.BadRequest("Obsolete line folding");
        }

        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            HttpThrow.BadRequest("Malformed header field");
        }

        var name = line[..colon];

        // RFC 9112 §5.1: no whitespace is allowed between the field name and colon; a server MUST reject with 400.
        if (name[^1] is (byte)' ' or (byte)'\t')
        {
            HttpThrow.BadRequest("Whitespace between header name and colon");
        }

        // RFC 9110 §5.1: field-name = token (no CTL, NUL, space or separators).
        if (!HttpChars.IsToken(name))
        {
            HttpThrow.BadRequest("Invalid character in header name");
        }

        var value = HttpChars.TrimOws(line[(colon + 1)..]);

        // RFC 9110 §5.5: field values must not contain CR, LF, NUL or other CTLs (a bare CR included, RFC 9112 §2.2).
        if (value.ContainsAny(HttpChars.InvalidFieldValue))
        {
            HttpThrow.BadRequest("Invalid character in header value");
        }

        // obs-text (0x80-0xFF) is allowed and read as Latin-1, as RFC 9110 §5.5 suggests for opaque data.
        var fieldName = HttpHeaderNames.Intern(name, out var known);
        headers.Add(
            fieldName,
            value.IsEmpty ? string.Empty : reuse is not null && known >= 0 ? reuse.Get(known, value) : System.Text.Encoding.Latin1.GetString(value));
        return known;
    }
}

/// <summary>
/// Which known fields (by their <see cref="HttpHeaderNames"/> index) a head holds, and which more than once: noted as
/// the fields are parsed, so that the framing rules neither search for an absent field nor count a present one.
/// </summary>
internal struct KnownFields
{
    private ulong _seen;
    private ulong _repeated;

    public void Add(int known)
    {
        if (known >= 0)
        {
            var bit = 1UL << known;
            _repeated |= _seen & bit;
            _seen |= bit;
        }
    }

    public readonly bool Has(int known) => (_seen & (1UL << known)) != 0;

    public readonly bool IsRepeated(int known) => (_repeated & (1UL << known)) != 0;
}
