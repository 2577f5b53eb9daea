using NetPrimitives.Http;
using NetPrimitives.Testing;
using static NetPrimitives.Tests.Http.HttpParserTestKit;

namespace NetPrimitives.Tests.Http;

public sealed class HttpRequestParserTests
{
    [Fact]
    public void Parses_a_browser_request_head()
    {
        var head = ParseOne(
            "GET /search?q=a%20b HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl/8.0\r\naccept: */*\r\nX-Custom: v\r\n\r\n");

        Assert.Same(HttpMethods.Get, head.Method);
        Assert.Equal("/search?q=a%20b", head.Target);
        Assert.Equal(HttpVersion.Http11, head.Version);
        Assert.Equal("localhost:8080", head.Host);
        Assert.Equal(BodyFraming.None, head.Framing);
        Assert.True(head.KeepAlive);
        Assert.False(head.ExpectContinue);
        Assert.Equal(4, head.Headers.Count);

        // RFC 9110 §5.1: field names are case-insensitive; known names are interned in their canonical case.
        Assert.Equal("*/*", head.Headers["ACCEPT"]);
        Assert.Same(HttpHeaderNames.Accept, head.Headers.First(f => f.Value == "*/*").Key);
        Assert.Equal("v", head.Headers["x-custom"]);
    }

    [Fact]
    public void Leaves_the_body_and_the_next_request_in_the_buffer()
    {
        var input = Bytes("POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var buffer = new ReadOnlySequence<byte>(input);
        var parser = new HttpRequestParser(new HttpLimits());

        Assert.True(parser.TryParseRequestHead(ref buffer, out var post));
        Assert.Equal(BodyFraming.ContentLength, post.Framing);
        Assert.Equal(5, post.ContentLength);
        Assert.StartsWith("helloGET", Encoding.ASCII.GetString(buffer.ToArray()), StringComparison.Ordinal);

        buffer = buffer.Slice(5);
        Assert.True(parser.TryParseRequestHead(ref buffer, out var get));
        Assert.Same(HttpMethods.Get, get.Method);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Incomplete_heads_return_false_and_leave_the_buffer()
    {
        var full = "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n\r\n";
        var parser = new HttpRequestParser(new HttpLimits());
        for (var length = 0; length < full.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(Bytes(full[..length]));
            var before = buffer;
            Assert.False(parser.TryParseRequestHead(ref buffer, out _), $"prefix of {length} bytes");
            Assert.Equal(before, buffer);
        }
    }

    [Fact]
    public void Sixteen_pipelined_requests_parse_the_same_at_every_split_point()
    {
        var input = new StringBuilder();
        for (var i = 0; i < 16; i++)
        {
            input.Append(i % 3 == 0
                ? $"POST /p{i} HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nb{i:D2}"
                : $"GET /g{i} HTTP/1.1\r\nHost: a\r\n\r\n");
        }

        var report = ParserHarness.VerifySplits(HeadParser(), Bytes(input.ToString()), options: new SplitOptions { MaxSplitPoints = 300 });

        Assert.True(report.IsConsistent, report.ToString());
        Assert.Null(report.Whole.Exception);
        Assert.Equal(16, report.Whole.Messages.Count);
        Assert.Contains("POST /p15 ", report.Whole.Messages[15], StringComparison.Ordinal);
    }

    [Fact]
    public void Known_field_names_fit_the_presence_bits_the_framing_rules_read()
    {
        // KnownFields keeps one bit per known name in a ulong.
        Assert.InRange(HttpHeaderNames.KnownCount, 1, 64);
        HttpHeaderNames.Intern("content-TYPE"u8, out var index);
        Assert.Equal(HttpHeaderNames.ContentTypeIndex, index);

        var known = default(KnownFields);
        known.Add(HttpHeaderNames.HostIndex);
        known.Add(-1);
        known.Add(HttpHeaderNames.ContentLengthIndex);
        known.Add(HttpHeaderNames.ContentLengthIndex);
        Assert.True(known.Has(HttpHeaderNames.HostIndex) && !known.IsRepeated(HttpHeaderNames.HostIndex));
        Assert.True(known.IsRepeated(HttpHeaderNames.ContentLengthIndex));
        Assert.False(known.Has(HttpHeaderNames.ExpectIndex));
    }

    [Fact]
    public void Common_request_allocates_only_the_request_object()
    {
        var input = new ReadOnlySequence<byte>(Bytes("GET / HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n"));
        var parser = new HttpRequestParser(new HttpLimits());
        var incomplete = input.Slice(0, input.Length - 2);
        var copy = incomplete;
        parser.TryParseRequestHead(ref copy, out _); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            copy = incomplete;
            parser.TryParseRequestHead(ref copy, out _);
        }

        // An incomplete head (the common case while bytes trickle in) allocates nothing at all.
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        // A complete keep-alive request, with the connection's reuse state, allocates the request head object
        // and nothing per header: the same Host/Accept/target bytes give back the previous strings, and the
        // header collection is refilled in place.
        var reuse = new RequestHeadReuse();
        copy = input;
        Assert.True(parser.TryParseRequestHead(ref copy, out _, reuse)); // warm up, fills the reuse slots
        before = GC.GetAllocatedBytesForCurrentThread();
        var parsed = 0;
        HttpRequestHead? last = null;
        for (var i = 0; i < 100; i++)
        {
            copy = input;
            parsed += parser.TryParseRequestHead(ref copy, out last, reuse) ? 1 : 0;
        }

        var perRequest = (GC.GetAllocatedBytesForCurrentThread() - before) / 100.0;
        Assert.Equal(100, parsed);
        Assert.Equal("a", last!.Headers["Host"]);

        // 72 bytes on x64 today: the HttpRequestHead object alone. A little room, none for a string or array per field.
        Assert.True(perRequest <= 96, $"{perRequest} bytes per complete request head");
    }
}
