using NetPrimitives.Http;
using NetPrimitives.Testing;
using static NetPrimitives.Tests.Http.HttpParserTestKit;

namespace NetPrimitives.Tests.Http;

/// <summary>
/// The strictness rules of issue 5 §1, each case named by the RFC section it enforces. Every case is checked whole
/// and at every split point (the harness compares the status-typed error of each plan).
/// </summary>
public sealed class HttpRequestParserConformanceTests
{
    private const string Get = "GET / HTTP/1.1\r\nHost: a\r\n";

    public static TheoryData<string, string, int> Rejections => new()
    {
        // RFC 9112 §6.3 (3) / §6.1: Transfer-Encoding with Content-Length is a smuggling vector.
        { "RFC 9112 §6.3: both Transfer-Encoding and Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", 400 },
        { "RFC 9112 §6.3: Content-Length before Transfer-Encoding", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400 },

        // RFC 9110 §8.6: Content-Length = 1*DIGIT; different values conflict.
        { "RFC 9110 §8.6: Content-Length with minus sign", Get + "Content-Length: -5\r\n\r\n", 400 },
        { "RFC 9110 §8.6: Content-Length with plus sign", Get + "Content-Length: +5\r\n\r\n", 400 },
        { "RFC 9110 §8.6: Content-Length in hex", Get + "Content-Length: 0x10\r\n\r\n", 400 },
        { "RFC 9110 §8.6: Content-Length with internal space", Get + "Content-Length: 1 2\r\n\r\n", 400 },
        { "RFC 9110 §8.6: Content-Length overflow", Get + "Content-Length: 99999999999999999999\r\n\r\n", 400 },
        { "RFC 9110 §8.6: empty Content-Length", Get + "Content-Length: \r\n\r\n", 400 },
        { "RFC 9110 §8.6: conflicting Content-Length list", Get + "Content-Length: 5, 6\r\n\r\n", 400 },
        { "RFC 9110 §8.6: conflicting Content-Length fields", Get + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n", 400 },

        // RFC 9112 §6.3 (4): chunked must be the final coding; §7: and applied once; §6.1: 501 for codings we lack.
        { "RFC 9112 §6.3: final coding gzip", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 400 },
        { "RFC 9112 §6.3: chunked not final", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400 },
        { "RFC 9112 §6.3: unknown final coding", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: foo\r\n\r\n", 400 },
        { "RFC 9112 §6.3: empty Transfer-Encoding", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \r\n\r\n", 400 },
        { "RFC 9112 §7: chunked twice", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400 },
        { "RFC 9112 §6.1: unknown coding before chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: foo, chunked\r\n\r\n", 501 },
        { "RFC 9112 §6.1: gzip then chunked (not implemented)", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n", 501 },
        { "RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400 },

        // RFC 9112 §5.2 / §5.1: obs-fold and whitespace before the colon.
        { "RFC 9112 §5.2: obs-fold with SP", Get + "X-A: 1\r\n continued\r\n\r\n", 400 },
        { "RFC 9112 §5.2: obs-fold with HTAB", Get + "X-A: 1\r\n\tcontinued\r\n\r\n", 400 },
        { "RFC 9112 §5.2: obs-fold on the first field", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400 },
        { "RFC 9112 §5.1: space between name and colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400 },
        { "RFC 9112 §5.1: tab between name and colon", Get + "X-A\t: 1\r\n\r\n", 400 },

        // RFC 9112 §2.2: bare CR is invalid; lines end with CRLF (we do not accept a bare LF).
        { "RFC 9112 §2.2: bare CR in a header value", Get + "X-A: 1\r2\r\n\r\n", 400 },
        { "RFC 9112 §2.2: bare CR in the request line", "GET /\r HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §2.2: bare CR before the request line", "\rGET / HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §2.2: bare LF ends the request line", "GET / HTTP/1.1\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §2.2: bare LF ends a field line", Get + "X-A: 1\n\r\n", 400 },
        { "RFC 9112 §2.2: bare LF ends the header section", Get + "\n", 400 },

        // RFC 9110 §5.1 / §5.5: names are tokens; values have no CTLs.
        { "RFC 9110 §5.5: NUL in a header value", Get + "X-A: 1\02\r\n\r\n", 400 },
        { "RFC 9110 §5.5: CTL in a header value", Get + "X-A: 1\u00012\r\n\r\n", 400 },
        { "RFC 9110 §5.5: DEL in a header value", Get + "X-A: 1\u007F2\r\n\r\n", 400 },
        { "RFC 9110 §5.1: NUL in a header name", Get + "X\0A: 1\r\n\r\n", 400 },
        { "RFC 9110 §5.1: space in a header name", Get + "X A: 1\r\n\r\n", 400 },
        { "RFC 9110 §5.1: separator in a header name", Get + "X(A): 1\r\n\r\n", 400 },
        { "RFC 9110 §5.1: non-ASCII in a header name", Get + "X\u00E9: 1\r\n\r\n", 400 },
        { "RFC 9110 §5.1: empty header name", Get + ": 1\r\n\r\n", 400 },
        { "RFC 9112 §5: field line without colon", Get + "X-A 1\r\n\r\n", 400 },

        // RFC 9112 §3.2: Host is required once in HTTP/1.1, must be valid, and never twice.
        { "RFC 9112 §3.2: missing Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", 400 },
        { "RFC 9112 §3.2: duplicated Host", Get + "Host: b\r\n\r\n", 400 },
        { "RFC 9112 §3.2: duplicated Host in HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §3.2: invalid Host value", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400 },
        { "RFC 9112 §3.2: Host with userinfo", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400 },

        // RFC 9112 §3: request-line = method SP request-target SP HTTP-version.
        { "RFC 9112 §3: missing version", "GET /\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §3: two spaces after method", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §3: trailing space", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §3: missing method", " / HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §3: invalid method character", "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §3: blank request line", " \r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §3.2: target not in any form", "GET abc HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §3.2: non-ASCII in target", "GET /\u00E9 HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §3.2: tab in target", "GET /a\tb HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §3.2.4: asterisk-form with GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §2.3: lower-case version", "GET / http/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §2.3: version without minor", "GET / HTTP/1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §2.3: version with two-digit major", "GET / HTTP/10.1\r\nHost: a\r\n\r\n", 400 },

        // RFC 9110 §15.6.6: 505 for versions we do not serve.
        { "RFC 9110 §15.6.6: HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505 },
        { "RFC 9110 §15.6.6: HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505 },
        { "RFC 9110 §15.6.6: HTTP/0.9", "GET / HTTP/0.9\r\nHost: a\r\n\r\n", 505 },

        // RFC 9110 §10.1.1: an expectation other than 100-continue MAY get 417.
        { "RFC 9110 §10.1.1: unknown expectation", Get + "Expect: teapot\r\n\r\n", 417 },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Rejects_with_status_at_every_split_point(string rule, string request, int status)
    {
        var whole = Assert.Throws<HttpParseException>(() => ParseOne(request));
        Assert.True(status == whole.StatusCode, $"{rule}: expected {status}, got {whole.StatusCode} ({whole.Reason})");

        var report = ParserHarness.VerifySplits(HeadParser(), Bytes(request));
        Assert.True(report.IsConsistent, $"{rule}: {report}");
        Assert.Equal(status, Assert.IsAssignableFrom<StatusError>(report.Whole.Exception).StatusCode);
    }

    public static TheoryData<string, string, string> Acceptances => new()
    {
        { "RFC 9110 §8.6: identical Content-Length list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello", "ContentLength:5" },
        { "RFC 9110 §8.6: identical Content-Length fields", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", "ContentLength:5" },
        { "RFC 9110 §8.6: leading zeros", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 005\r\n\r\nhello", "ContentLength:5" },
        { "RFC 9112 §6.3: Content-Length 0 is no body", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n", "None:0" },
        { "RFC 9112 §6.3 (7): no length fields is no body", "POST / HTTP/1.1\r\nHost: a\r\n\r\n", "None:0" },
        { "RFC 9112 §7: chunked in any case", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n", "Chunked:0" },
        { "RFC 9110 §5.6.1: empty list elements ignored", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: , chunked ,\r\n\r\n", "Chunked:0" },
        { "RFC 9112 §2.2: empty lines before the request line", "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", "GET / Http11" },
        { "RFC 9112 §3.2.2: absolute-form", "GET http://a/x?y HTTP/1.1\r\nHost: a\r\n\r\n", "GET http://a/x?y" },
        { "RFC 9112 §3.2.4: asterisk-form with OPTIONS", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", "OPTIONS *" },
        { "RFC 9112 §3.2.3: authority-form with CONNECT", "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n", "CONNECT a:443" },
        { "RFC 9110 §9.1: extension method", "PURGE /x HTTP/1.1\r\nHost: a\r\n\r\n", "PURGE /x" },
        { "RFC 9112 §3.2: empty Host is valid", "GET / HTTP/1.1\r\nHost:\r\n\r\n", "host= " },
        { "RFC 9112 §3.2: IPv6 literal Host with port", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", "host=[::1]:8080" },
        { "RFC 9112 §3.2: HTTP/1.0 needs no Host", "GET / HTTP/1.0\r\n\r\n", "Http10 host= None:0 keepAlive=False" },
        { "RFC 9112 §9.3: HTTP/1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "keepAlive=True" },
        { "RFC 9112 §9.3: HTTP/1.1 persists by default", Get + "\r\n", "keepAlive=True" },
        { "RFC 9112 §9.6: Connection: close", Get + "Connection: Keep-Alive, Close\r\n\r\n", "keepAlive=False" },
        { "RFC 9110 §10.1.1: 100-continue", Get + "Expect: 100-Continue\r\n\r\n", "continue=True" },
        { "RFC 9110 §10.1.1: 100-continue ignored in HTTP/1.0", "GET / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n", "continue=False" },
        { "RFC 9110 §10.1.1: any expectation ignored in HTTP/1.0", "GET / HTTP/1.0\r\nExpect: teapot\r\n\r\n", "continue=False" },
        { "RFC 9110 §5.5: OWS trimmed, inner spaces kept", Get + "X-A: \t a  b \t\r\n\r\n", "X-A=a  b]" },
        { "RFC 9110 §5.5: obs-text read as Latin-1", Get + "X-A: caf\u00E9\r\n\r\n", "X-A=caf\u00E9]" },
        { "RFC 9110 §5.5: empty value", Get + "X-A:\r\n\r\n", "X-A=]" },
    };

    [Theory]
    [MemberData(nameof(Acceptances))]
    public void Accepts_at_every_split_point(string rule, string request, string expected)
    {
        var report = ParserHarness.VerifySplits(HeadParser(), Bytes(request));
        Assert.True(report.IsConsistent, $"{rule}: {report}");
        Assert.Null(report.Whole.Exception);
        var message = Assert.Single(report.Whole.Messages);
        Assert.True(message.Contains(expected, StringComparison.Ordinal), $"{rule}: '{expected}' not in {message}");
        Assert.Equal(0, report.Whole.RemainingBytes);
    }
}
