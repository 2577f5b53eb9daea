using System.Buffers;

namespace NetPrimitives.Http;

internal sealed partial class HttpRequestParser
{
    // What a path holds without a closer look: visible ASCII (RFC 9112 §3.2) except '#' (refused), '%' (an escape,
    // checked), '\' (refused) and '?' (the query begins).
    private static readonly SearchValues<byte> PathBytes = VisibleAsciiExcept("#%\\?");

    // The query is the application's data: any visible ASCII but '#'.
    private static readonly SearchValues<byte> QueryBytes = VisibleAsciiExcept("#");

    /// <summary>
    /// Checks the request line (RFC 9112 §3: method SP request-target SP HTTP-version CRLF) as far as it has arrived:
    /// <paramref name="line"/> is the whole line with its LF when <paramref name="complete"/>, else every byte of it
    /// received so far. Bytes that cannot begin a valid line are refused at once, not when the rest arrives (it may
    /// never come): binary garbage or a TLS handshake at its first byte, an HTTP/0.9 <c>GET /</c> at its CR. Only the
    /// version number and the target's form wait for the line's end. A line longer than <paramref name="limit"/> is
    /// 414 when its target made it so, and 400 when its method did (414 is about the target, RFC 9110 §15.5.15).
    /// </summary>
    private static void CheckRequestLine(ReadOnlySpan<byte> line, int limit, bool complete)
    {
        if (line.Length > limit)
        {
            line = line[..limit];
            CheckRequestLine(line, limit, complete: false);
            if (!line.Contains((byte)' '))
            {
                HttpThrow.BadRequest("Method too long");
            }

            HttpThrow.Status(414, "Request line too long");
        }

        var methodEnd = line.IndexOfAnyExcept(HttpChars.Token);
        if (methodEnd < 0)
        {
            return; // a method still arriving
        }

        if (methodEnd == 0 || line[methodEnd] != (byte)' ')
        {
            HttpThrow.BadRequest(line[methodEnd] switch
            {
                (byte)'\r' or (byte)'\n' when methodEnd == 0 => "More than one empty line before the request line",
                (byte)'\r' or (byte)'\n' or (byte)' ' => "Malformed request line",
                _ => "Invalid method",
            });
        }

        var rest = line[(methodEnd + 1)..];
        var targetLength = CheckTarget(rest);
        if (targetLength < 0)
        {
            return; // a target still arriving
        }

        // HTTP-version CRLF: exactly "HTTP/" DIGIT "." DIGIT CR LF, checked byte by byte as far as it arrived.
        var version = rest[(targetLength + 1)..];
        var pattern = "HTTP/1.1\r\n"u8;
        if (version.Length > pattern.Length)
        {
            HttpThrow.BadRequest("Malformed HTTP version");
        }

        for (var i = 0; i < version.Length; i++)
        {
            if (i is 5 or 7 ? !char.IsAsciiDigit((char)version[i]) : version[i] != pattern[i])
            {
                // RFC 9112 §2.2: a bare LF does not end a line here (front ends that disagree on line ends smuggle).
                HttpThrow.BadRequest(version[i] == (byte)'\n' ? "Line not terminated by CRLF" : "Malformed HTTP version");
            }
        }

        if (complete)
        {
            // The LF matched only the pattern's last byte, so the version is whole.
            CheckVersionNumber(version);
            CheckTargetForm(line[..methodEnd], rest[..targetLength]);
        }
    }

    /// <summary>
    /// The request-target's bytes (RFC 9112 §3.2, RFC 3986 §2), in one vectorised pass: visible ASCII only, no '#' (a
    /// fragment is not part of a request-target), and in the path no '\' and no escape of a control byte or of '\'
    /// (<c>%00</c>, <c>%0D%0A</c>, <c>%5C</c>): a decoded path is matched, logged and mapped to files, and such bytes in
    /// it have no reading that is not an attack. The query is the application's data and keeps them. Returns the
    /// target's length (it is followed by SP), or -1 while it is still arriving.
    /// </summary>
    private static int CheckTarget(ReadOnlySpan<byte> rest)
    {
        var position = 0;
        var allowed = PathBytes;
        while (true)
        {
            var next = rest[position..].IndexOfAnyExcept(allowed);
            if (next < 0)
            {
                return -1;
            }

            position += next;
            switch (rest[position])
            {
                case (byte)' ':
                    if (position == 0)
                    {
                        HttpThrow.BadRequest("Malformed request line"); // two SP, or no target
                    }

                    return position;
                case (byte)'?':
                    allowed = QueryBytes; // which takes '?' and '%' as data: neither comes back here
                    position++;
                    break;
                case (byte)'%':
                    CheckPathEscape(rest[(position + 1)..Math.Min(rest.Length, position + 3)]);
                    position += 3;
                    if (position > rest.Length)
                    {
                        return -1; // an escape still arriving
                    }

                    break;
                case (byte)'#':
                    HttpThrow.BadRequest("Fragment in request target");
                    break;
                case (byte)'\\':
                    HttpThrow.BadRequest("Backslash in request path");
                    break;
                default:
                    HttpThrow.BadRequest("Invalid character in request target");
                    break;
            }
        }
    }

    /// <summary>The (up to) two bytes after a '%' in the path: hex digits, not encoding a control byte or '\'.</summary>
    private static void CheckPathEscape(ReadOnlySpan<byte> hex)
    {
        if (hex.ContainsAnyExcept(HttpChars.HexDigits))
        {
            HttpThrow.BadRequest("Malformed percent-encoding in request path");
        }

        if (hex.Length == 2)
        {
            var decoded = (HttpChars.HexValue(hex[0]) << 4) | HttpChars.HexValue(hex[1]);
            if (decoded < 0x20 || decoded is 0x7F or '\\')
            {
                HttpThrow.BadRequest("Encoded control character or backslash in request path");
            }
        }
    }

    /// <summary>"HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3), already well-formed; only 1.0 and 1.1 are served.</summary>
    private static void CheckVersionNumber(ReadOnlySpan<byte> version)
    {
        // RFC 9110 §15.6.6: 505 for a major version we don't support (and we serve no other 1.x either).
        if (version[5] != (byte)'1' || version[7] is not ((byte)'0' or (byte)'1'))
        {
            HttpThrow.Status(505, "HTTP version not supported");
        }
    }

    /// <summary>The four request-target forms of RFC 9112 §3.2.</summary>
    private static void CheckTargetForm(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target)
    {
        if (target[0] == (byte)'/')
        {
            return; // origin-form, §3.2.1
        }

        if (target.Length == 1 && target[0] == (byte)'*')
        {
            // asterisk-form, §3.2.4: only for a server-wide OPTIONS.
            if (!method.SequenceEqual("OPTIONS"u8))
            {
                HttpThrow.BadRequest("Asterisk-form target is only allowed with OPTIONS");
            }

            return;
        }

        if (method.SequenceEqual("CONNECT"u8))
        {
            return; // authority-form, §3.2.3: the router answers CONNECT (we are not a proxy)
        }

        // absolute-form, §3.2.2: a server MUST accept it; scheme is case-insensitive.
        if (StartsWithIgnoreCase(target, "http://"u8) || StartsWithIgnoreCase(target, "https://"u8))
        {
            return;
        }

        HttpThrow.BadRequest("Invalid request target");
    }

    /// <summary>Splits a request line that <see cref="CheckRequestLine(ReadOnlySpan{byte}, int, bool)"/> passed whole (CRLF cut off).</summary>
    private static (string Method, string Target, HttpVersion Version) ParseRequestLine(ReadOnlySpan<byte> line, RequestHeadReuse? reuse)
    {
        // method SP target SP "HTTP/1.x": the version is the last 8 bytes, and only 1.0 and 1.1 passed.
        var methodEnd = line.IndexOf((byte)' ');
        var target = line[(methodEnd + 1)..^9];
        var version = line[^1] == (byte)'1' ? HttpVersion.Http11 : HttpVersion.Http10;
        return (HttpMethods.Intern(line[..methodEnd]), reuse?.Target(target) ?? System.Text.Encoding.ASCII.GetString(target), version);
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> span, ReadOnlySpan<byte> prefix) =>
        span.Length > prefix.Length && System.Text.Ascii.EqualsIgnoreCase(span[..prefix.Length], prefix);

    private static SearchValues<byte> VisibleAsciiExcept(string excluded)
    {
        var bytes = new List<byte>();
        for (var b = (byte)0x21; b <= 0x7E; b++)
        {
            if (!excluded.Contains((char)b, StringComparison.Ordinal))
            {
                bytes.Add(b);
            }
        }

        return SearchValues.Create(bytes.ToArray());
    }
}
