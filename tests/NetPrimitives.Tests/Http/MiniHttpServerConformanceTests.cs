using Microsoft.Extensions.Time.Testing;
using NetPrimitives.Http;

namespace NetPrimitives.Tests.Http;

/// <summary>
/// The §1 strictness list over a real loopback socket: each malformed request gets its status, the connection is
/// closed (its framing can no longer be trusted), and the server goes on serving other clients.
/// </summary>
public sealed class MiniHttpServerConformanceTests : IAsyncLifetime
{
    private MiniHttpServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await MiniHttpServerTests.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string, int> Rejections => HttpRequestParserConformanceTests.Rejections;

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Malformed_request_gets_its_status_and_the_connection_closes(string rule, string request, int status)
    {
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync(request);
        await AssertRefusedAsync(client, status, rule);

        await using var other = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await other.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await other.ReadResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Request_smuggling_attempt_is_not_split_into_two_requests()
    {
        // RFC 9112 §6.3: with both fields, a front end using Content-Length and a back end using chunked disagree on
        // where the second request starts. We must answer 400 once and close, never run "GET /hello".
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 35\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(400, (await client.ReadResponseAsync()).StatusCode);
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Oversized_request_line_is_414_and_header_section_431()
    {
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync("GET /" + new string('a', 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(414, (await client.ReadResponseAsync()).StatusCode);

        await using var second = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        var fields = string.Concat(Enumerable.Range(0, 101).Select(i => $"X-{i}: {i}\r\n"));
        await second.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n");
        Assert.Equal(431, (await second.ReadResponseAsync()).StatusCode);

        await using var third = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await third.SendAsync("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + new string('v', 33 * 1024) + "\r\n\r\n");
        Assert.Equal(431, (await third.ReadResponseAsync()).StatusCode);
    }

    [Theory]
    [InlineData(8193, "")]
    [InlineData(8200, " / HTTP/1.1\r\nHost: x\r\n\r\n")]
    public async Task Method_over_the_request_line_limit_is_400_not_414(int methodLength, string rest)
    {
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync(new string('G', methodLength) + rest);
        await AssertRefusedAsync(client, 400, $"method of {methodLength} bytes");
    }

    [Fact]
    public async Task Chunked_upload_over_the_body_limit_is_413()
    {
        await using var server = await MiniHttpServerTests.StartAsync(configure: o => o.Limits.MaxRequestBodySize = 8);
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n");
        var response = await client.ReadResponseAsync();
        Assert.Equal(413, response.StatusCode);
        Assert.Equal("close", response["Connection"]);
    }

    [Fact]
    public async Task Content_length_over_the_body_limit_is_413_and_closes_before_the_body_is_sent()
    {
        // The client never sends the body: the answer and the close come from the head alone.
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 30000001\r\n\r\n");
        await AssertRefusedAsync(client, 413, "Content-Length over the limit");
    }

    public static TheoryData<string, string, int> Hopeless => HttpRequestParserConformanceTests.Hopeless;

    [Theory]
    [MemberData(nameof(Hopeless))]
    public async Task Head_that_cannot_become_a_request_is_answered_at_once_and_the_connection_closes(string rule, string partial, int status)
    {
        // A clock that never moves: no headers timeout can answer for the parser, the bytes alone must.
        await using var server = await MiniHttpServerTests.StartAsync(clock: new FakeTimeProvider());
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync(partial);
        await AssertRefusedAsync(client, status, rule);
    }

    public static TheoryData<string, string, int> BadChunkedBodies => ChunkedDecoderTests.Rejections;

    [Theory]
    [MemberData(nameof(BadChunkedBodies))]
    public async Task Bad_chunked_body_gets_its_status_and_the_connection_closes(string rule, string body, int status)
    {
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
        await AssertRefusedAsync(client, status, rule);
    }

    [Fact]
    public async Task Trailer_fields_that_frame_route_or_describe_the_content_are_dropped_and_never_reach_the_headers()
    {
        await using var server = await MiniHttpServerTests.StartAsync(s => s.Map("POST", "/trailers", async (request, response) =>
        {
            var body = await request.ReadTextAsync();
            var trailers = string.Join("|", request.Trailers.Select(f => f.Key + "=" + f.Value));
            await response.SendTextAsync($"{body} type={request.ContentType} length={request.ContentLength} host={request.Host} trailers={trailers}");
        }));
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync(
            "POST /trailers HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n0\r\nContent-Type: text/html\r\nContent-Length: 99\r\nHost: evil\r\nX-Checksum: abc\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("hello type=text/plain length= host=x trailers=X-Checksum=abc", (await client.ReadResponseAsync()).Text);

        // The dropped Content-Length and Transfer-Encoding framed nothing: the next request is where it was.
        Assert.Equal("Hello, World!", (await client.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task Expect_100_continue_with_the_body_already_sent_gets_only_the_final_response()
    {
        // RFC 9110 §10.1.1: a server MAY omit the 100 when it has already received some of the content.
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\nping");
        var response = await client.ReadResponseAsync();
        Assert.Equal("HTTP/1.1 200 OK", response.StatusLine);
        Assert.Equal("ping", response.Text);
        Assert.Null(response["Connection"]);

        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("HTTP/1.1 200 OK", (await client.ReadResponseAsync()).StatusLine);
    }

    [Fact]
    public async Task One_empty_line_after_a_body_is_ignored_two_are_refused()
    {
        // RFC 9112 §2.2: some clients end a POST body with an extra CRLF; one is ignored, more is not a request.
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nping\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("ping", (await client.ReadResponseAsync()).Text);
        Assert.Equal("Hello, World!", (await client.ReadResponseAsync()).Text);

        await client.SendAsync("\r\n\r\n");
        await AssertRefusedAsync(client, 400, "two empty lines");
    }

    [Fact]
    public async Task Bad_chunked_body_is_400()
    {
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;a\rb\r\nhello\r\n0\r\n\r\n");
        Assert.Equal(400, (await client.ReadResponseAsync()).StatusCode);
        Assert.True(await client.IsClosedAsync());
    }

    /// <summary>Reads the answer to a refused request: its status and <c>Connection: close</c>, then the close itself.</summary>
    private static async Task AssertRefusedAsync(RawHttpClient client, int status, string rule)
    {
        var response = await client.ReadResponseAsync();
        Assert.True(status == response.StatusCode, $"{rule}: expected {status}, got {response}");
        Assert.Equal("close", response["Connection"]);
        Assert.True(await client.IsClosedAsync(), $"{rule}: connection left open");
    }
}
