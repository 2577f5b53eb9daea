using NetPrimitives.Http;
using NetPrimitives.Testing;
using static NetPrimitives.Tests.Http.HttpParserTestKit;

namespace NetPrimitives.Tests.Http;

public sealed class HttpLimitsTests
{
    [Fact]
    public void Defaults_are_kestrels()
    {
        var limits = new HttpLimits();
        Assert.Equal(8192, limits.MaxRequestLineSize);
        Assert.Equal(32768, limits.MaxRequestHeadersTotalSize);
        Assert.Equal(100, limits.MaxRequestHeaderCount);
        Assert.Equal(30_000_000, limits.MaxRequestBodySize);
        Assert.Equal(TimeSpan.FromSeconds(30), limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(130), limits.KeepAliveTimeout);
        Assert.Equal(240, limits.MinRequestBodyDataRate);
        Assert.Equal(TimeSpan.FromSeconds(5), limits.MinRequestBodyDataRateGracePeriod);
    }

    [Fact]
    public void Invalid_values_fail_when_set()
    {
        var limits = new HttpLimits();
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MaxRequestLineSize = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MaxRequestHeadersTotalSize = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MaxRequestHeaderCount = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MaxRequestBodySize = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.RequestHeadersTimeout = TimeSpan.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.KeepAliveTimeout = TimeSpan.FromSeconds(-2));
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MinRequestBodyDataRate = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MinRequestBodyDataRateGracePeriod = TimeSpan.FromMilliseconds(500));

        limits.MaxRequestBodySize = null;
        limits.MinRequestBodyDataRate = null;
        limits.KeepAliveTimeout = Timeout.InfiniteTimeSpan;
        Assert.Null(limits.MaxRequestBodySize);
    }

    [Fact]
    public void Request_line_at_the_limit_is_accepted_and_one_byte_more_is_414()
    {
        var limits = new HttpLimits { MaxRequestLineSize = 64 };
        var line = "GET /" + new string('a', 64 - "GET / HTTP/1.1\r\n".Length) + " HTTP/1.1\r\n";
        Assert.Equal(64, line.Length);
        Assert.Equal("GET", ParseOne(line + "Host: a\r\n\r\n", limits).Method);

        var longer = line.Replace("/a", "/aa", StringComparison.Ordinal);
        Assert.Equal(414, Assert.Throws<HttpParseException>(() => ParseOne(longer + "Host: a\r\n\r\n", limits)).StatusCode);
    }

    [Fact]
    public void Endless_request_line_is_414_before_the_line_ends()
    {
        // Limits are checked before buffering: no LF is ever sent, yet the parser refuses at the limit.
        var limits = new HttpLimits { MaxRequestLineSize = 64 };
        var parser = new HttpRequestParser(limits);
        var buffer = new ReadOnlySequence<byte>(Bytes("GET /" + new string('a', 60)));
        Assert.Equal(414, Assert.Throws<HttpParseException>(() => parser.TryParseRequestHead(ref buffer, out _)).StatusCode);

        var report = ParserHarness.VerifySplits(HeadParser(limits), Bytes("GET /" + new string('a', 100)));
        Assert.True(report.IsConsistent, report.ToString());
        Assert.IsType<Status414>(report.Whole.Exception);
    }

    [Fact]
    public void Endless_header_section_is_431_before_it_ends()
    {
        var limits = new HttpLimits { MaxRequestHeadersTotalSize = 128 };
        var input = "GET / HTTP/1.1\r\nHost: a\r\nX-A: " + new string('v', 200);
        var report = ParserHarness.VerifySplits(HeadParser(limits), Bytes(input));
        Assert.True(report.IsConsistent, report.ToString());
        Assert.IsType<Status431>(report.Whole.Exception);
    }

    [Fact]
    public void Header_section_at_the_limit_is_accepted_and_one_byte_more_is_431()
    {
        var limits = new HttpLimits { MaxRequestHeadersTotalSize = 64 };
        var fields = "Host: a\r\nX-A: " + new string('v', 64 - "Host: a\r\nX-A: \r\n\r\n".Length) + "\r\n\r\n";
        Assert.Equal(64, fields.Length);
        Assert.Equal("a", ParseOne("GET / HTTP/1.1\r\n" + fields, limits).Host);

        var longer = fields.Replace("vv", "vvv", StringComparison.Ordinal);
        Assert.Equal(431, Assert.Throws<HttpParseException>(() => ParseOne("GET / HTTP/1.1\r\n" + longer, limits)).StatusCode);
    }

    [Fact]
    public void More_than_the_field_count_is_431()
    {
        var limits = new HttpLimits { MaxRequestHeaderCount = 3 };
        Assert.Equal("a", ParseOne("GET / HTTP/1.1\r\nHost: a\r\nB: 1\r\nC: 1\r\n\r\n", limits).Host);

        var input = Bytes("GET / HTTP/1.1\r\nHost: a\r\nB: 1\r\nC: 1\r\nD: 1\r\n\r\n");
        var report = ParserHarness.VerifySplits(HeadParser(limits), input);
        Assert.True(report.IsConsistent, report.ToString());
        Assert.IsType<Status431>(report.Whole.Exception);
    }

    [Fact]
    public void Content_length_over_the_body_limit_is_413()
    {
        var limits = new HttpLimits { MaxRequestBodySize = 10 };
        Assert.Equal(10, ParseOne("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n", limits).ContentLength);
        var ex = Assert.Throws<HttpParseException>(() => ParseOne("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", limits));
        Assert.Equal(413, ex.StatusCode);

        // With the default limit: 30,000,000 is allowed, one more is not.
        Assert.Equal(30_000_000, ParseOne("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 30000000\r\n\r\n").ContentLength);
        Assert.Equal(413, Assert.Throws<HttpParseException>(() => ParseOne("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 30000001\r\n\r\n")).StatusCode);
    }

    [Fact]
    public void Default_request_line_limit_is_enforced()
    {
        var target = "/" + new string('a', 8192);
        var ex = Assert.Throws<HttpParseException>(() => ParseOne($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n"));
        Assert.Equal(414, ex.StatusCode);
    }

    [Fact]
    public void The_ignored_empty_line_counts_against_the_request_line_limit_and_a_second_is_refused()
    {
        var parser = new HttpRequestParser(new HttpLimits { MaxRequestLineSize = 18 });

        // "GET /a HTTP/1.1" CRLF is 17 bytes: within the limit alone, over it after the one ignored CRLF.
        var alone = new ReadOnlySequence<byte>(Bytes("GET /a HTTP/1.1\r\nHost: a\r\n\r\n"));
        Assert.True(parser.TryParseRequestHead(ref alone, out _));
        var after = new ReadOnlySequence<byte>(Bytes("\r\nGET /a HTTP/1.1\r\nHost: a\r\n\r\n"));
        Assert.Equal(414, Assert.Throws<HttpParseException>(() => parser.TryParseRequestHead(ref after, out _)).StatusCode);

        // A stream of CRLFs is refused at its second line, not at the limit.
        var stream = new ReadOnlySequence<byte>(Bytes("\r\n\r\n"));
        Assert.Equal(400, Assert.Throws<HttpParseException>(() => parser.TryParseRequestHead(ref stream, out _)).StatusCode);
    }
}
