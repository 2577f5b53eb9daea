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
        { "RFC 9110 §8.6: Content-Length list of equal values", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello", 400 },
        { "RFC 9110 §8.6: Content-Length list of three equal values", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5, 5\r\n\r\nhello", 400 },
        { "RFC 9110 §8.6: two equal Content-Length fields", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 400 },
        { "RFC 9110 §8.6: Content-Length over the body limit", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 30000001\r\n\r\n", 413 },

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
        { "RFC 9112 §2.2: two empty lines before the request line", "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §2.2: an empty line then a bare LF", "\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
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
        { "RFC 9112 §3.2: empty Host in HTTP/1.1", "GET / HTTP/1.1\r\nHost:\r\n\r\n", 400 },
        { "RFC 9112 §3.2: Host of whitespace only in HTTP/1.1", "GET / HTTP/1.1\r\nHost:  \t \r\n\r\n", 400 },
        { "RFC 9112 §3.2.2: absolute-form authority differs from Host", "GET http://a/x HTTP/1.1\r\nHost: b\r\n\r\n", 400 },
        { "RFC 9112 §3.2.2: absolute-form port differs from Host", "GET http://a:8080/x HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §3.2.2: absolute-form without path, other Host", "GET http://a?q HTTP/1.1\r\nHost: a.evil\r\n\r\n", 400 },
        { "RFC 9110 §4.2.4: userinfo in an absolute-form target", "GET http://u@a/x HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9110 §4.2.1: empty host in an absolute-form target", "GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n", 400 },

        // RFC 9110 §8.3, §5.3: one Content-Type; repeated with different values, which one applies is anyone's guess.
        { "RFC 9110 §8.3: two different Content-Type fields", "POST / HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\nhi", 400 },
        { "RFC 9110 §8.3: Content-Type fields differing in case", Get + "Content-Type: text/plain\r\ncontent-type: text/PLAIN\r\n\r\n", 400 },

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
        { "RFC 9112 §3.2: fragment in the target", "GET /path#frag HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §3.2: fragment after the query", "GET /p?q=1#frag HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §3.2: empty fragment", "GET /# HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 9112 §3.2.2: fragment in an absolute-form target", "GET http://a/x#f HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 3986 §2.1: %00 in the path", "GET /a%00b HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 3986 §2.1: encoded CR LF in the path", "GET /a%0d%0aSet-Cookie:x HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 3986 §2.1: encoded LF in the path", "GET /a%0A HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 3986 §2.1: encoded DEL in the path", "GET /a%7f HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 3986 §2.1: %00 in an absolute-form path", "GET http://a/%00 HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 3986 §2.1: malformed escape in the path", "GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 3986 §2.1: escape cut short by the version", "GET /a% HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 3986 §2: backslash in the path", "GET /a\\b HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 3986 §2: encoded backslash in the path", "GET /a%5cb HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "RFC 3986 §2: encoded backslash, upper case", "GET /..%5C..%5Cetc HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
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
        { "RFC 9110 §8.6: leading zeros", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 005\r\n\r\nhello", "ContentLength:5" },
        { "RFC 9110 §8.6: leading zero before a round number", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0200\r\n\r\n" + new string('b', 200), "ContentLength:200" },
        { "RFC 9110 §8.6: all zeros", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 000\r\n\r\n", "None:0" },
        { "RFC 9110 §8.3: the same Content-Type twice", "POST / HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nContent-Type: text/plain\r\n\r\n", "Content-Type=text/plain|Content-Type=text/plain" },
        { "RFC 9112 §6.3: Content-Length 0 is no body", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n", "None:0" },
        { "RFC 9112 §6.3 (7): no length fields is no body", "POST / HTTP/1.1\r\nHost: a\r\n\r\n", "None:0" },
        { "RFC 9112 §7: chunked in any case", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n", "Chunked:0" },
        { "RFC 9110 §5.6.1: empty list elements ignored", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: , chunked ,\r\n\r\n", "Chunked:0" },
        { "RFC 9112 §2.2: one empty line before the request line", "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", "GET / Http11" },
        { "RFC 9112 §3.2.2: absolute-form", "GET http://a/x?y HTTP/1.1\r\nHost: a\r\n\r\n", "GET http://a/x?y" },
        { "RFC 9112 §3.2.2: absolute-form host in another case", "GET HTTP://A.Example/x HTTP/1.1\r\nHost: a.example\r\n\r\n", "GET HTTP://A.Example/x" },
        { "RFC 9112 §3.2.2: default port in the target only", "GET http://a:80/x HTTP/1.1\r\nHost: a\r\n\r\n", "host=a " },
        { "RFC 9112 §3.2.2: default port in Host only", "GET https://a/x HTTP/1.1\r\nHost: a:443\r\n\r\n", "host=a:443 " },
        { "RFC 9112 §3.2.2: absolute-form with a query and no path", "GET http://[::1]:8080?q HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", "GET http://[::1]:8080?q" },
        { "RFC 9112 §3.2.2: absolute-form in HTTP/1.0 without Host", "GET http://a/x HTTP/1.0\r\n\r\n", "GET http://a/x Http10 host= " },
        { "RFC 3986 §3.4: escapes and a backslash in the query are data", "GET /p?a=%00&b=x\\y&c=%5C HTTP/1.1\r\nHost: a\r\n\r\n", "GET /p?a=%00&b=x\\y&c=%5C " },
        { "RFC 3986 §2.1: escapes of printable bytes in the path", "GET /a%20b%41%2F%25 HTTP/1.1\r\nHost: a\r\n\r\n", "GET /a%20b%41%2F%25 " },
        { "RFC 9112 §3.2.4: asterisk-form with OPTIONS", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", "OPTIONS *" },
        { "RFC 9112 §3.2.3: authority-form with CONNECT", "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n", "CONNECT a:443" },
        { "RFC 9110 §9.1: extension method", "PURGE /x HTTP/1.1\r\nHost: a\r\n\r\n", "PURGE /x" },
        { "RFC 9112 §3.2: empty Host in HTTP/1.0 is no Host", "GET / HTTP/1.0\r\nHost:\r\n\r\n", "Http10 host= " },
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

    // RFC 9112 §3, §2.2: bytes that can no longer become a request are refused when the byte that shows it arrives,
    // not when the rest of the head (which may never come) does.
    public static TheoryData<string, string, int> Hopeless => new()
    {
        { "RFC 9112 §3: TLS handshake on the plain-text port", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u00FC\u0003\u0003", 400 },
        { "RFC 9112 §3: NUL bytes", "\0\0\0\0", 400 },
        { "RFC 9112 §3: byte above 0x7F in the method", "G\u00C9T / HTTP/1.1", 400 },
        { "RFC 9112 §3: tab after the method", "GET\t/ HTTP/1.1", 400 },
        { "RFC 9112 §3: space before the method", " GET", 400 },
        { "RFC 9112 §3: HTTP/0.9 request line", "GET /\r\n", 400 },
        { "RFC 9112 §3: HTTP/0.9 request line and a field", "GET /\r\nHost: a\r\n", 400 },
        { "RFC 9112 §3.2: control byte in the target", "GET /a\u0001", 400 },
        { "RFC 9112 §3.2: fragment in the target", "GET /#", 400 },
        { "RFC 3986 §2.1: %00 in the path", "GET /%00", 400 },
        { "RFC 9112 §2.3: version that cannot be HTTP/x.y", "GET / HTTPS", 400 },
        { "RFC 9112 §2.3: HTTP/2 connection preface", "PRI * HTTP/2.0\r\n", 505 },
        { "RFC 9110 §15.6.6: unsupported version, before any field", "GET / HTTP/1.2\r\n", 505 },
        { "RFC 9112 §2.2: two empty lines", "\r\n\r\n", 400 },
        { "RFC 9112 §2.2: a stream of empty lines", string.Concat(Enumerable.Repeat("\r\n", 100)), 400 },
    };

    [Theory]
    [MemberData(nameof(Hopeless))]
    public void Refuses_a_head_that_cannot_become_a_request_before_it_ends(string rule, string partial, int status)
    {
        var report = ParserHarness.VerifySplits(HeadParser(), Bytes(partial));
        Assert.True(report.IsConsistent, $"{rule}: {report}");
        var error = report.Whole.Exception as StatusError;
        Assert.True(error?.StatusCode == status, $"{rule}: expected {status}, got {report.Whole.Exception?.Message ?? "no error (waiting for more)"}");
    }

    [Theory]
    [InlineData("GET /" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\r\nHost: a\r\n\r\n", 414)]
    [InlineData("GET /" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 414)]
    [InlineData("\r\nGET /aaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\r\nHost: a\r\n\r\n", 414)]
    [InlineData("GGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGG / HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGG", 400)]
    [InlineData("GET /" + "a\u0001aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 400)]
    public void Line_over_the_limit_is_414_for_its_target_and_400_for_its_method_at_every_split_point(string request, int status)
    {
        // RFC 9110 §15.5.15: 414 says the target is too long. A method that long is no target's fault (400, as a
        // method no server implements), and a byte that can never be valid is refused for itself, wherever it is.
        var report = ParserHarness.VerifySplits(HeadParser(new HttpLimits { MaxRequestLineSize = 32 }), Bytes(request));
        Assert.True(report.IsConsistent, report.ToString());
        Assert.Equal(status, Assert.IsAssignableFrom<StatusError>(report.Whole.Exception).StatusCode);
    }

    public static TheoryData<string, string> Hopeful => new()
    {
        { "RFC 9112 §3: a request line, fields still to come", "GET / HTTP/1.1\r\n" },
        { "RFC 9112 §2.2: one empty line", "\r\n" },
        { "RFC 9112 §2.2: one empty line and a method", "\r\nGE" },
        { "RFC 9112 §3: escape not yet complete", "GET /a%2" },
        { "RFC 9112 §2.3: version not yet complete", "POST /upload HTTP/1." },
        { "RFC 9112 §3.2.2: absolute-form and Host", "GET http://a/x HTTP/1.1\r\nHost: a\r\n" },
        { "RFC 9112 §3.2.4: asterisk-form", "OPTIONS * HTTP/1.1\r\n" },
        { "RFC 9112 §3.2.3: authority-form", "CONNECT a:443 HTTP/1.1\r\n" },
        { "RFC 3986 §3.4: query with escapes and a backslash", "GET /p?a=%00&b=\\" },
    };

    [Theory]
    [MemberData(nameof(Hopeful))]
    public void Waits_for_a_head_that_can_still_become_a_request(string rule, string partial)
    {
        var report = ParserHarness.VerifySplits(HeadParser(), Bytes(partial));
        Assert.True(report.IsConsistent, $"{rule}: {report}");
        Assert.Null(report.Whole.Exception);
        Assert.Empty(report.Whole.Messages);
    }
}
