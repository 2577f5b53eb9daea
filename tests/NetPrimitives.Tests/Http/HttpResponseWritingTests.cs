using NetPrimitives.Http;
using NetPrimitives.Testing;
using static NetPrimitives.Tests.Http.HttpParserTestKit;

namespace NetPrimitives.Tests.Http;

public sealed class HttpResponseWritingTests
{
    private static readonly byte[] DateLine = Bytes("Date: Sat, 21 Nov 2026 05:00:00 GMT\r\n");

    private static string Head(int status, ResponseFraming framing, long length = 0, bool close = false, HttpHeaders? headers = null, string? server = "NetPrimitives")
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new SpanBufferWriter(output, 256);
        HttpResponseHeadWriter.Write(ref writer, status, null, headers ?? new HttpHeaders(), framing, length, close, DateLine, server);
        writer.Commit();
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }

    [Fact]
    public void Writes_status_line_date_server_fields_and_content_length()
    {
        var headers = new HttpHeaders();
        headers.Add("Content-Type", "text/plain; charset=utf-8");
        Assert.Equal(
            "HTTP/1.1 200 OK\r\nDate: Sat, 21 Nov 2026 05:00:00 GMT\r\nServer: NetPrimitives\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 13\r\n\r\n",
            Head(200, ResponseFraming.ContentLength, 13, headers: headers));
    }

    [Fact]
    public void Writes_chunked_and_connection_close()
    {
        Assert.Equal(
            "HTTP/1.1 404 Not Found\r\nDate: Sat, 21 Nov 2026 05:00:00 GMT\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
            Head(404, ResponseFraming.Chunked, close: true, server: null));
    }

    [Fact]
    public void Close_delimited_body_says_connection_close()
    {
        Assert.EndsWith("\r\nConnection: close\r\n\r\n", Head(200, ResponseFraming.CloseDelimited), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(204)]
    public void No_length_fields_in_1xx_and_204(int status)
    {
        // RFC 9110 §8.6 and RFC 9112 §6.1: a server MUST NOT send Content-Length or Transfer-Encoding in 1xx or 204.
        var head = Head(status, ResponseFraming.ContentLength, 5);
        Assert.DoesNotContain("Content-Length", head, StringComparison.Ordinal);
        Assert.DoesNotContain("Transfer-Encoding", Head(status, ResponseFraming.Chunked), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-A", "a\r\nSet-Cookie: evil=1")]
    [InlineData("X-A", "a\nb")]
    [InlineData("X-A", "a\0b")]
    [InlineData("X A", "b")]
    [InlineData("X-A:", "b")]
    [InlineData("X-A", "\u0100")]
    public void Refuses_fields_that_would_split_the_response(string name, string value)
    {
        var headers = new HttpHeaders();
        headers.Add(name, value);
        Assert.Throws<ArgumentException>(() => Head(200, ResponseFraming.ContentLength, 0, headers: headers));
    }

    [Fact]
    public void Chunked_encoder_writes_hex_sizes_and_the_last_chunk()
    {
        var output = new ArrayBufferWriter<byte>();
        ChunkedEncoder.WriteChunk(output, Bytes("hello"));
        ChunkedEncoder.WriteChunk(output, ReadOnlySpan<byte>.Empty); // would end the body: must write nothing
        ChunkedEncoder.WriteChunk(output, BufferSequence.SplitAt(Bytes("0123456789abcdef!"), 3, 9));
        var trailers = new HttpHeaders();
        trailers.Add("X-Sum", "1");
        ChunkedEncoder.WriteEnd(output, trailers);

        Assert.Equal("5\r\nhello\r\n11\r\n0123456789abcdef!\r\n0\r\nX-Sum: 1\r\n\r\n", Encoding.Latin1.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Chunked_encoder_output_decodes_back_at_every_split_point()
    {
        var output = new ArrayBufferWriter<byte>();
        var payload = Enumerable.Range(0, 300).Select(i => (byte)('a' + (i % 26))).ToArray();
        for (var offset = 0; offset < payload.Length; offset += 97)
        {
            ChunkedEncoder.WriteChunk(output, payload.AsSpan(offset, Math.Min(97, payload.Length - offset)));
        }

        ChunkedEncoder.WriteEnd(output);
        var report = ParserHarness.VerifySplits(ChunkedParser(), output.WrittenMemory, options: new SplitOptions { MaxSplitPoints = 128 });
        Assert.True(report.IsConsistent, report.ToString());
        Assert.Equal(Encoding.Latin1.GetString(payload) + " []", Assert.Single(report.Whole.Messages));
    }

    [Fact]
    public void Date_line_is_imf_fixdate_and_cached_per_second()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 5, 0, 0, 100, TimeSpan.Zero));
        var cache = new HttpDateCache(clock);
        var first = cache.GetDateLine();
        Assert.Equal("Date: Sat, 21 Nov 2026 05:00:00 GMT\r\n", Encoding.ASCII.GetString(first));

        clock.Now = clock.Now.AddMilliseconds(800);
        Assert.Same(first, cache.GetDateLine());

        clock.Now = clock.Now.AddMilliseconds(200);
        Assert.Equal("Date: Sat, 21 Nov 2026 05:00:01 GMT\r\n", Encoding.ASCII.GetString(cache.GetDateLine()));
    }

    [Fact]
    public void Reason_phrases_follow_rfc_9110()
    {
        Assert.Equal("Content Too Large", HttpReasonPhrases.Get(413));
        Assert.Equal("URI Too Long", HttpReasonPhrases.Get(414));
        Assert.Equal("Request Header Fields Too Large", HttpReasonPhrases.Get(431));
        Assert.Equal("HTTP Version Not Supported", HttpReasonPhrases.Get(505));
        Assert.Equal(string.Empty, HttpReasonPhrases.Get(299));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
