using System.Buffers;

namespace NetPrimitives.Http;

internal sealed partial class HttpRequestParser
{
    private static readonly SearchValues<char> HostChars = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%!$&'()*+,;=:[]");

    /// <summary>Host, body framing (RFC 9112 §6.3), persistence (§9.3) and expectations (RFC 9110 §10.1.1).</summary>
    private void ApplyFraming(HttpRequestHead head)
    {
        var headers = head.Headers;
        ApplyHost(head);

        var hasTransferEncoding = headers.Contains(HttpHeaderNames.TransferEncoding);
        var hasContentLength = headers.Contains(HttpHeaderNames.ContentLength);
        if (hasTransferEncoding)
        {
            // RFC 9112 §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
            if (head.Version == HttpVersion.Http10)
            {
                HttpThrow.BadRequest("Transfer-Encoding in an HTTP/1.0 request");
            }

            // RFC 9112 §6.3 (3): both fields is how requests are smuggled past a front end; reject, then close.
            if (hasContentLength)
            {
                HttpThrow.BadRequest("Both Transfer-Encoding and Content-Length");
            }

            CheckTransferCodings(headers);
            head.Framing = BodyFraming.Chunked;
        }
        else if (hasContentLength)
        {
            var length = ParseContentLength(headers);
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

        head.KeepAlive = IsPersistent(head);
        head.ExpectContinue = ExpectsContinue(head);
    }

    /// <summary>RFC 9112 §3.2: 400 for an HTTP/1.1 request without Host, for more than one Host, or an invalid Host.</summary>
    private static void ApplyHost(HttpRequestHead head)
    {
        var count = head.Headers.CountOf(HttpHeaderNames.Host);
        if (count > 1)
        {
            HttpThrow.BadRequest("More than one Host header");
        }

        if (count == 0)
        {
            if (head.Version == HttpVersion.Http11)
            {
                HttpThrow.BadRequest("Missing Host header");
            }

            return;
        }

        var host = head.Headers[HttpHeaderNames.Host]!;

        // Host = uri-host [ ":" port ] (RFC 9110 §7.2): reg-name / IP-literal characters only.
        if (host.AsSpan().ContainsAnyExcept(HostChars))
        {
            HttpThrow.BadRequest("Invalid Host header");
        }

        head.Host = host;
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

    /// <summary>
    /// Content-Length = 1*DIGIT (RFC 9110 §8.6): no sign, no hex, no inner space. Repeated fields or list members
    /// are accepted only when all equal (§8.6 allows that); different values are how bodies are smuggled.
    /// </summary>
    private static long ParseContentLength(HttpHeaders headers)
    {
        long? result = null;
        foreach (var value in headers.GetValues(HttpHeaderNames.ContentLength))
        {
            // Split by hand (not string.Split): no array and strings per request with a body.
            var rest = value.AsSpan();
            while (true)
            {
                var comma = rest.IndexOf(',');
                var digits = HttpChars.TrimOws(comma < 0 ? rest : rest[..comma]);
                var length = ParseDigits(digits);
                if (result is { } previous && previous != length)
                {
                    HttpThrow.BadRequest("Conflicting Content-Length values");
                }

                result = length;
                if (comma < 0)
                {
                    break;
                }

                rest = rest[(comma + 1)..];
            }
        }

        return result!.Value;
    }

    private static long ParseDigits(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty)
        {
            HttpThrow.BadRequest("Invalid Content-Length");
        }

        long length = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                HttpThrow.BadRequest("Invalid Content-Length");
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
    private static bool IsPersistent(HttpRequestHead head)
    {
        var close = false;
        var keepAlive = false;
        if (!head.Headers.Contains(HttpHeaderNames.Connection))
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
    /// HTTP/1.0 request and MAY answer any other expectation with 417.
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
