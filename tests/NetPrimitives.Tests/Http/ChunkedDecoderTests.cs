using NetPrimitives.Http;
using NetPrimitives.Testing;
using static NetPrimitives.Tests.Http.HttpParserTestKit;

namespace NetPrimitives.Tests.Http;

/// <summary>RFC 9112 §7.1 chunked bodies, at every split point.</summary>
public sealed class ChunkedDecoderTests
{
    public static TheoryData<string, string, string> Bodies => new()
    {
        { "RFC 9112 §7.1: one chunk", "5\r\nhello\r\n0\r\n\r\n", "hello []" },
        { "RFC 9112 §7.1: several chunks, upper and lower hex", "3\r\nabc\r\nA\r\n0123456789\r\nb\r\nabcdefghijk\r\n0\r\n\r\n", "abc0123456789abcdefghijk []" },
        { "RFC 9112 §7.1: leading zeros", "0005\r\nhello\r\n000\r\n\r\n", "hello []" },
        { "RFC 9112 §7.1: empty body", "0\r\n\r\n", " []" },
        { "RFC 9112 §7.1.1: extensions ignored", "5;name=value;flag\r\nhello\r\n0;last\r\n\r\n", "hello []" },
        { "RFC 9112 §7.1.1: BWS before extension", "5 ;a=\"q s\"\r\nhello\r\n0\r\n\r\n", "hello []" },
        { "RFC 9112 §7.1.1: BWS around every separator", "5 ; a = b ;\tc\r\nhello\r\n0 ;last\r\n\r\n", "hello []" },
        { "RFC 9110 §5.6.4: quoted values with a quoted-pair, obs-text, empty", "5;a=\"x\\\"y\u00E9;\";b=\"\"\r\nhello\r\n0\r\n\r\n", "hello []" },
        { "RFC 9112 §7.1.2: trailers", "5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-B:  two \r\n\r\n", "hello [X-Checksum=abc|X-B=two]" },
        {
            "RFC 9110 §6.5.1: fields not allowed in trailers are dropped",
            "5\r\nhello\r\n0\r\nContent-Length: 5\r\nX-A: 1\r\nTransfer-Encoding: chunked\r\nHost: evil\r\nauthorization: Basic eA==\r\n"
                + "Content-Type: text/html\r\nX-B: 2\r\nCache-Control: no-cache\r\nIF-NONE-MATCH: *\r\nCookie: a=b\r\nTrailer: X-A\r\n\r\n",
            "hello [X-A=1|X-B=2]"
        },
        { "RFC 9112 §7.1: data may hold CR LF", "4\r\n\r\n\r\n\r\n0\r\n\r\n", "\r\n\r\n []" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Decodes_at_every_split_point(string rule, string body, string expected)
    {
        var report = ParserHarness.VerifySplits(ChunkedParser(), Bytes(body + "NEXT"));
        Assert.True(report.IsConsistent, $"{rule}: {report}");
        Assert.Null(report.Whole.Exception);
        Assert.Equal(expected, Assert.Single(report.Whole.Messages));

        // The decoder stops at the end of the body: what follows belongs to the next request.
        Assert.Equal(4, report.Whole.RemainingBytes);
    }

    public static TheoryData<string, string, int> Rejections => new()
    {
        { "RFC 9112 §7.1: chunk-size overflow (17 hex digits)", "10000000000000000\r\n", 400 },
        { "RFC 9112 §7.1: chunk-size overflow (2^63)", "8000000000000000\r\n", 400 },
        { "RFC 9112 §7.1: chunk-size not hex", "zz\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1: negative chunk-size", "-5\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1: empty chunk-size line", "\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1: space before chunk-size", " 5\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1: 0x prefix", "0x5\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: CR inside a chunk extension", "5;a\rb\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: LF ends a chunk extension (bare LF)", "5;a\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1: chunk-size line ends in bare LF", "5\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: extension without semicolon", "5 x\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: NUL in extension", "5;a\0\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: bare semicolon", "5;\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: invalid token in an extension name", "5;bad[=x\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: space after the chunk size", "5 \r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: tab after the chunk size", "5\t\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: space after the last chunk size", "5\r\nhello\r\n0 \r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: extension without a name", "5;=x\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: extension with an empty value", "5;a=\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: empty extension between two", "5;a;;b\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: trailing semicolon", "5;a;\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: whitespace after an extension", "5;a=b \r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: unterminated quoted value", "5;a=\"x\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: text after a quoted value", "5;a=\"x\"y\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: separator in a token value", "5;a=b/c\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.1: two values", "5;a=b=c\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9110 §5.6.4: control byte in a quoted value", "5;a=\"x\u0001\"\r\nhello\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1: data longer than chunk-size", "5\r\nhello!\r\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1: data followed by bare LF", "5\r\nhello\n0\r\n\r\n", 400 },
        { "RFC 9112 §7.1.2: trailer line ends in bare LF", "0\r\nX-A: 1\n\r\n", 400 },
        { "RFC 9112 §7.1.2: obs-fold in trailers", "0\r\nX-A: 1\r\n 2\r\n\r\n", 400 },
        { "RFC 9112 §7.1.2: space before colon in trailers", "0\r\nX-A : 1\r\n\r\n", 400 },
        { "RFC 9112 §7.1.2: final CRLF is a bare LF", "0\r\n\n", 400 },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Rejects_at_every_split_point(string rule, string body, int status)
    {
        var report = ParserHarness.VerifySplits(ChunkedParser(), Bytes(body));
        Assert.True(report.IsConsistent, $"{rule}: {report}");
        Assert.Equal(status, Assert.IsAssignableFrom<StatusError>(report.Whole.Exception).StatusCode);
    }

    [Fact]
    public void Largest_chunk_size_parses_and_is_stopped_by_the_body_limit()
    {
        Assert.Equal(long.MaxValue, ChunkedDecoder.ParseSizeLine(Bytes("7FFFFFFFFFFFFFFF\r")));
        var report = ParserHarness.VerifySplits(ChunkedParser(), Bytes("7FFFFFFFFFFFFFFF\r\n"));
        Assert.IsType<Status413>(report.Whole.Exception);
    }

    [Fact]
    public void Body_limit_counts_every_chunk_before_reading_it()
    {
        var limits = new HttpLimits { MaxRequestBodySize = 10 };
        var ok = ParserHarness.VerifySplits(ChunkedParser(limits), Bytes("5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n"));
        Assert.Equal("helloworld []", Assert.Single(ok.Whole.Messages));

        // The 413 comes from the size line: the 11th byte is never read.
        var report = ParserHarness.VerifySplits(ChunkedParser(limits), Bytes("5\r\nhello\r\n6\r\n"));
        Assert.True(report.IsConsistent, report.ToString());
        Assert.IsType<Status413>(report.Whole.Exception);
    }

    [Fact]
    public void Endless_chunk_size_line_is_refused_before_it_ends()
    {
        var report = ParserHarness.VerifySplits(
            ChunkedParser(), Bytes("5;" + new string('x', ChunkedDecoder.MaxChunkLineLength)), options: new SplitOptions { MaxSplitPoints = 64, ByteByByte = false });
        Assert.True(report.IsConsistent, report.ToString());
        Assert.IsType<Status400>(report.Whole.Exception);
    }

    [Fact]
    public void Trailer_section_over_the_header_limit_is_431()
    {
        var limits = new HttpLimits { MaxRequestHeadersTotalSize = 32 };
        var report = ParserHarness.VerifySplits(ChunkedParser(limits), Bytes("0\r\nX-A: " + new string('v', 40)));
        Assert.True(report.IsConsistent, report.ToString());
        Assert.IsType<Status431>(report.Whole.Exception);

        var count = new HttpLimits { MaxRequestHeaderCount = 1 };
        var many = ParserHarness.VerifySplits(ChunkedParser(count), Bytes("0\r\nA: 1\r\nB: 2\r\n\r\n"));
        Assert.IsType<Status431>(many.Whole.Exception);
    }

    [Fact]
    public void Data_is_handed_out_in_pieces_no_larger_than_asked()
    {
        var report = ParserHarness.VerifySplits(ChunkedParser(maxData: 3), Bytes("A\r\n0123456789\r\n0\r\n\r\n"));
        Assert.True(report.IsConsistent, report.ToString());
        Assert.Equal("0123456789 []", Assert.Single(report.Whole.Messages));
    }

    [Fact]
    public void Data_slices_come_straight_from_the_buffer()
    {
        var decoder = new ChunkedDecoder(new HttpLimits());
        var buffer = new ReadOnlySequence<byte>(Bytes("5\r\nhel"));
        Assert.True(decoder.TryRead(ref buffer, 100, out var data));
        Assert.Equal("hel", Encoding.ASCII.GetString(data.ToArray()));
        Assert.False(decoder.TryRead(ref buffer, 100, out _));
        Assert.Equal(3, decoder.BodyLength);
        Assert.False(decoder.IsCompleted);
    }

    // RFC 9110 §6.5.1 (and RFC 7230 §4.1.2's list): what frames, routes, authenticates or modifies a request, controls
    // a response or describes the content cannot arrive after the content. Every such field is dropped from the
    // trailers; the header section is never touched.
    public static TheoryData<string> RefusedInTrailers =>
    [
        "Transfer-Encoding", "Content-Length", "Host", "Connection", "Keep-Alive", "Upgrade", "Proxy-Connection",
        "Cache-Control", "Expect", "Max-Forwards", "Pragma", "Range", "TE",
        "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since", "If-Range",
        "Authorization", "Proxy-Authorization", "WWW-Authenticate", "Proxy-Authenticate", "Cookie", "Set-Cookie",
        "Age", "Expires", "Date", "Location", "Retry-After", "Vary", "Warning",
        "Content-Encoding", "Content-Type", "Content-Range", "Trailer",
    ];

    [Theory]
    [MemberData(nameof(RefusedInTrailers))]
    public void Field_refused_in_trailers_is_dropped_at_every_split_point(string name)
    {
        var report = ParserHarness.VerifySplits(ChunkedParser(), Bytes($"2\r\nhi\r\n0\r\nX-Before: 1\r\n{name}: v\r\n{name.ToUpperInvariant()}: w\r\nX-After: 2\r\n\r\n"));
        Assert.True(report.IsConsistent, $"{name}: {report}");
        Assert.Equal("hi [X-Before=1|X-After=2]", Assert.Single(report.Whole.Messages));
    }

    [Fact]
    public void Dropped_trailer_fields_still_count_against_the_trailer_limits()
    {
        var count = new HttpLimits { MaxRequestHeaderCount = 2 };
        var report = ParserHarness.VerifySplits(ChunkedParser(count), Bytes("0\r\nHost: a\r\nHost: b\r\nHost: c\r\n\r\n"));
        Assert.True(report.IsConsistent, report.ToString());
        Assert.IsType<Status431>(report.Whole.Exception);
    }
}
