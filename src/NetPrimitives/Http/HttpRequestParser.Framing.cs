using System.Buffers;

namespace NetPrimitives.Http;

internal sealed partial class HttpRequestParser
{
    private static readonly SearchValues<char> HostChars = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%!$&'()*+,;=:[]");

    /// <summary>Host, body framing (RFC 9112 §6.3), persistence (§9.3) and expectations (RFC 9110 §10.1.1).</summary>
    private void ApplyFraming(HttpRequestHead head, KnownFields known)
    {
        var headers = head.Headers;
        ApplyHost(head, known);
        if (known.IsRepeated(HttpHeaderNames.ContentTypeIndex))
        {
            CheckContentTypes(headers);
        }

        if (known.Has(HttpHeaderNames.TransferEncodingIndex))
        {
            // RFC 9112 §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
            if (head.Version == HttpVersion.Http10)
            {
                HttpThrow.BadRequest("Transfer-Encoding in an HTTP/1.0 request");
            }

            // RFC 9112 §6.3 (3): both fields is how requests are smuggled past a front end; reject, then close.
            if (known.Has(HttpHeaderNames.ContentLengthIndex))
            {
                HttpThrow.BadRequest("Both Transfer-Encoding and Content-Length");
            }

            CheckTransferCodings(headers);
            head.Framing = BodyFraming.Chunked;
        }
        else if (known.Has(HttpHeaderNames.ContentLengthIndex))
        {
            // RFC 9110 §8.6 lets a recipient take a list of equal values ("5, 5") or equal repeated fields as one;
            // a front end that reads such a field another way frames another body, so we take exactly one number,
            // as Kestrel does. Leading zeros are digits like any other ("005" is 5): accepted.
            if (known.IsRepeated(HttpHeaderNames.ContentLengthIndex))
            {
                HttpThrow.BadRequest("More than one Content-Length field");
            }

            var length = ParseDigits(headers[HttpHeaderNames.ContentLength]);
            head.ContentLength = length;
            head.Framing = length == 0 ? BodyFraming.None : BodyFraming.ContentLength;
            if (length > _limits.MaxRequestBodySize)
            {
                HttpThrow.Status(413, "Request body too large");
            }
        }
        else
        {
            // RFC 9112 §6.3 (7): a request with neither field has no body.
            head.Framing = BodyFraming.None;
        }

        head.KeepAlive = IsPersistent(head, known.Has(HttpHeaderNames.ConnectionIndex));
        head.ExpectContinue = known.Has(HttpHeaderNames.ExpectIndex) && ExpectsContinue(head);
    }

    /// <summary>
    /// RFC 9112 §3.2: 400 for an HTTP/1.1 request without Host or with an empty one, for more than one Host, for an
    /// invalid Host, and for a Host other than the authority of an absolute-form target.
    /// </summary>
    private static void ApplyHost(HttpRequestHead head, KnownFields known)
    {
        if (known.IsRepeated(HttpHeaderNames.HostIndex))
        {
            HttpThrow.BadRequest("More than one Host header");
        }

        string? host = null;
        if (known.Has(HttpHeaderNames.HostIndex))
        {
            host = head.Headers[HttpHeaderNames.Host]!;

            // An http(s) URI has a non-empty host (RFC 9110 §4.2.1), so an HTTP/1.1 client always has one to send.
            // HTTP/1.0 needs no Host, and an empty one is read as none.
            if (host.Length == 0 && head.Version == HttpVersion.Http11)
            {
                HttpThrow.BadRequest("Empty Host header");
            }

            // Host = uri-host [ ":" port ] (RFC 9110 §7.2): reg-name / IP-literal characters only.
            if (host.AsSpan().ContainsAnyExcept(HostChars))
            {
                HttpThrow.BadRequest("Invalid Host header");
            }

            head.Host = host;
        }
        else if (head.Version == HttpVersion.Http11)
        {
            HttpThrow.BadRequest("Missing Host header");
        }

        var target = head.Target;
        if (target[0] != '/' && target != "*" && !ReferenceEquals(head.Method, HttpMethods.Connect))
        {
            CheckAuthority(target, host);
        }
    }

    /// <summary>
    /// The authority of an absolute-form target (RFC 9112 §3.2.2, already "http://" or "https://" in any case). Host
    /// must be identical to it (§3.2); the target wins by the RFC, but a Host that differs is how a request reaches a
    /// virtual host its front end did not route it to, so it is refused, as Kestrel does. Host names compare
    /// case-insensitively, and a port equal to the scheme's default (or empty) compares equal to none.
    /// </summary>
    private static void CheckAuthority(string target, string? host)
    {
        var schemeEnd = target.IndexOf(':', StringComparison.Ordinal);
        var authority = target.AsSpan(schemeEnd + 3);
        var end = authority.IndexOfAny('/', '?');
        if (end >= 0)
        {
            authority = authority[..end];
        }

        // RFC 9110 §4.2.4: userinfo is deprecated in http(s) URIs, and a recipient SHOULD treat it as an error.
        if (authority.Contains('@'))
        {
            HttpThrow.BadRequest("Userinfo in request target");
        }

        // RFC 9110 §4.2.1: a recipient MUST reject an http(s) URI with an empty host.
        if (authority.IsEmpty || authority[0] == ':' || authority.ContainsAnyExcept(HostChars))
        {
            HttpThrow.BadRequest("Invalid authority in request target");
        }

        var defaultPort = schemeEnd == 5 ? ":443" : ":80";
        if (host is not null && !System.Text.Ascii.EqualsIgnoreCase(WithoutDefaultPort(authority, defaultPort), WithoutDefaultPort(host, defaultPort)))
        {
            HttpThrow.BadRequest("Host differs from the authority of the request target");
        }
    }

    private static ReadOnlySpan<char> WithoutDefaultPort(ReadOnlySpan<char> authority, string defaultPort) =>
        authority.EndsWith(defaultPort, StringComparison.Ordinal) ? authority[..^defaultPort.Length]
        : !authority.IsEmpty && authority[^1] == ':' ? authority[..^1]
        : authority;

    /// <summary>
    /// RFC 9110 §8.3: Content-Type is a singleton. Repeated with the same bytes it means one thing; with different
    /// bytes (even only in case), a front end and the handler could each read another: refused.
    /// </summary>
    private static void CheckContentTypes(HttpHeaders headers)
    {
        string? first = null;
        foreach (var value in headers.GetValues(HttpHeaderNames.ContentType))
        {
            first ??= value;
            if (!string.Equals(first, value, StringComparison.Ordinal))
            {
                HttpThrow.BadRequest("Conflicting Content-Type fields");
            }
        }
    }

    /// <summary>
    /// Transfer-Encoding is a list of codings; chunked must be last (RFC 9112 §6.3 (4): else 400) and appear once
    /// (§7); any other coding is one we don't decode (§6.1: 501 Not Implemented).
    /// </summary>
    private static void CheckTransferCodings(HttpHeaders headers)
    {
        var codings = new List<string>(2);
        foreach (var value in headers.GetValues(HttpHeaderNames.TransferEncoding))
        {
            foreach (var element in value.Split(','))
            {
                // RFC 9110 §5.6.1: empty list elements are ignored; parameters follow a ';'.
                var coding = HttpChars.TrimOws(element.AsSpan());
                var semicolon = coding.IndexOf(';');
                if (semicolon >= 0)
                {
                    coding = HttpChars.TrimOws(coding[..semicolon]);
                }

                if (!coding.IsEmpty)
                {
                    codings.Add(coding.ToString());
                }
            }
        }

        if (codings.Count == 0 || !string.Equals(codings[^1], "chunked", StringComparison.OrdinalIgnoreCase))
        {
            HttpThrow.BadRequest("Final transfer coding is not chunked");
        }

        for (var i = 0; i < codings.Count - 1; i++)
        {
            if (string.Equals(codings[i], "chunked", StringComparison.OrdinalIgnoreCase))
            {
                HttpThrow.BadRequest("Chunked applied more than once");
            }

            HttpThrow.Status(501, "Transfer coding not implemented");
        }
    }

    /// <summary>Content-Length = 1*DIGIT (RFC 9110 §8.6): no sign, no hex, no inner space, no list.</summary>
    private static long ParseDigits(ReadOnlySpan<char> digits)
    {
        // The field parser already trimmed OWS.
        if (digits.IsEmpty)
        {
            HttpThrow.BadRequest("Invalid Content-Length");
        }

        long length = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                HttpThrow.BadRequest(c == ',' ? "Content-Length list" : "Invalid Content-Length");
            }

            if (length > (long.MaxValue - (c - '0')) / 10)
            {
                HttpThrow.BadRequest("Content-Length overflow");
            }

            length = (length * 10) + (c - '0');
        }

        return length;
    }

    /// <summary>RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive".</summary>
    private static bool IsPersistent(HttpRequestHead head, bool hasConnection)
    {
        var close = false;
        var keepAlive = false;
        if (!hasConnection)
        {
            return head.Version == HttpVersion.Http11; // the usual case, without GetValues' enumerator
        }

        foreach (var value in head.Headers.GetValues(HttpHeaderNames.Connection))
        {
            var rest = value.AsSpan();
            while (true)
            {
                var comma = rest.IndexOf(',');
                var option = HttpChars.TrimOws(comma < 0 ? rest : rest[..comma]);
                close |= option.Equals("close", StringComparison.OrdinalIgnoreCase);
                keepAlive |= option.Equals("keep-alive", StringComparison.OrdinalIgnoreCase);
                if (comma < 0)
                {
                    break;
                }

                rest = rest[(comma + 1)..];
            }
        }

        return !close && (head.Version == HttpVersion.Http11 || keepAlive);
    }

    /// <summary>
    /// RFC 9110 §10.1.1: "100-continue" (case-insensitive) is the only expectation; a server MUST ignore it in an
    /// HTTP/1.0 request and MAY answer any other expectation with 417. Called when the head has an Expect field.
    /// </summary>
    private static bool ExpectsContinue(HttpRequestHead head)
    {
        if (!head.Headers.TryGetValue(HttpHeaderNames.Expect, out var expect) || head.Version == HttpVersion.Http10)
        {
            return false;
        }

        if (expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (expect.Length > 0)
        {
            HttpThrow.Status(417, "Unsupported expectation");
        }

        return false;
    }
}
