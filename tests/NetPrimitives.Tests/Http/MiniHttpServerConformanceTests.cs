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
        var response = await client.ReadResponseAsync();
        Assert.True(status == response.StatusCode, $"{rule}: expected {status}, got {response}");
        Assert.Equal("close", response["Connection"]);
        Assert.True(await client.IsClosedAsync(), $"{rule}: connection left open");

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
    public async Task Content_length_over_the_body_limit_is_413_before_the_body_is_sent()
    {
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 30000001\r\n\r\n");
        Assert.Equal(413, (await client.ReadResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Bad_chunked_body_is_400()
    {
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;a\rb\r\nhello\r\n0\r\n\r\n");
        Assert.Equal(400, (await client.ReadResponseAsync()).StatusCode);
        Assert.True(await client.IsClosedAsync());
    }
}
