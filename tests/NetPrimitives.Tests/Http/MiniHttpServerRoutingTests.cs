using NetPrimitives.Http;

namespace NetPrimitives.Tests.Http;

/// <summary>Routing over a loopback socket: route values, 404/405/501 with Allow, HEAD and OPTIONS.</summary>
public sealed class MiniHttpServerRoutingTests : IAsyncLifetime
{
    private MiniHttpServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await MiniHttpServerTests.StartAsync(s => s
        .Map("GET", "/users/{id}", (request, response) => response.SendTextAsync("user " + request.RouteValues["id"]).AsTask())
        .Map("GET", "/users/me", (_, response) => response.SendTextAsync("me").AsTask())
        .Map("DELETE", "/users/{id}", (request, response) => response.SendTextAsync("deleted " + request.RouteValues["id"]).AsTask())
        .Map("GET", "/files/{*path}", (request, response) => response.SendTextAsync($"file [{request.RouteValues["path"]}]").AsTask())
        .Map("PUT", "/hello", (_, _) => Task.CompletedTask)
        .Map("GET", "/refuse", (_, response) => response.SendErrorAsync(405).AsTask())
        .Map("POST", "/refuse", (_, _) => Task.CompletedTask));

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<RawResponse> SendAsync(string requestLine, string extra = "")
    {
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync($"{requestLine} HTTP/1.1\r\nHost: x\r\n{extra}\r\n");
        return await client.ReadResponseAsync(headOnly: requestLine.StartsWith("HEAD", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET /users/42", "user 42")]
    [InlineData("GET /users/me", "me")] // a literal segment beats a parameter
    [InlineData("GET /users/J%C3%BCrgen", "user Jürgen")] // values are decoded, as the path is
    [InlineData("DELETE /users/me", "deleted me")] // /users/me has no DELETE: the parameter route takes it
    [InlineData("GET /files/a/b/c.txt", "file [a/b/c.txt]")]
    [InlineData("GET /files", "file []")]
    [InlineData("GET /files/?q=1", "file []")] // the query is not part of the path
    public async Task Route_values_come_from_the_path(string requestLine, string text)
    {
        var response = await SendAsync(requestLine);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(text, response.Text);
    }

    [Fact]
    public async Task Wrong_method_is_405_with_allow_and_unknown_path_404()
    {
        var notAllowed = await SendAsync("POST /users/42");
        Assert.Equal(405, notAllowed.StatusCode);
        Assert.Equal("DELETE, GET, HEAD, OPTIONS", notAllowed["Allow"]);

        var put = await SendAsync("POST /hello");
        Assert.Equal(405, put.StatusCode);
        Assert.Equal("GET, HEAD, OPTIONS, PUT", put["Allow"]); // the test server's own GET /hello, and PUT

        var notFound = await SendAsync("GET /nowhere");
        Assert.Equal(404, notFound.StatusCode);
        Assert.Null(notFound["Allow"]);
        Assert.Contains("<title>404 Not Found</title>", notFound.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_405_sent_by_a_handler_gets_allow_too()
    {
        // RFC 9110 §15.5.6: the origin server MUST send Allow in a 405, whoever chose the status.
        var response = await SendAsync("GET /refuse");
        Assert.Equal(405, response.StatusCode);
        Assert.Equal("GET, HEAD, OPTIONS, POST", response["Allow"]);
    }

    [Theory]
    [InlineData("CONNECT example.com:443")] // authority-form: we are not a proxy
    [InlineData("CONNECT /users/42")]
    [InlineData("TRACE /users/42")]
    [InlineData("PATCH /nowhere")]
    [InlineData("BREW /users/42")]
    [InlineData("get /users/42")] // methods are case-sensitive (§9.1): this one is unknown
    public async Task A_method_nothing_implements_is_501_and_the_connection_stays(string requestLine)
    {
        // RFC 9110 §9.1: "unrecognized or not implemented" is 501, not a 404 from the router.
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync($"{requestLine} HTTP/1.1\r\nHost: example.com:443\r\n\r\nGET /users/1 HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await client.ReadResponseAsync();
        Assert.Equal(501, response.StatusCode);
        Assert.Null(response["Connection"]);
        Assert.Equal("user 1", (await client.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task Options_answers_204_with_allow_for_the_server_and_for_a_path()
    {
        var star = await SendAsync("OPTIONS *");
        Assert.Equal(204, star.StatusCode);
        Assert.Equal("DELETE, GET, HEAD, OPTIONS, POST, PUT", star["Allow"]);
        Assert.Null(star["Content-Length"]);

        var path = await SendAsync("OPTIONS /users/42");
        Assert.Equal(204, path.StatusCode);
        Assert.Equal("DELETE, GET, HEAD, OPTIONS", path["Allow"]);

        Assert.Equal(404, (await SendAsync("OPTIONS /nowhere")).StatusCode);
    }

    [Fact]
    public async Task Options_mapped_by_the_user_wins()
    {
        await using var server = await MiniHttpServerTests.StartAsync(s => s
            .Map("OPTIONS", "*", (_, response) => response.SendTextAsync("server-wide").AsTask())
            .Map("OPTIONS", "/cors/{*rest}", (request, response) =>
            {
                response.Headers.Set("Access-Control-Allow-Origin", "*");
                return response.SendTextAsync("preflight " + request.RouteValues["rest"]).AsTask();
            })
            .Map("POST", "/cors/x", (_, _) => Task.CompletedTask));
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\nOPTIONS /cors/x HTTP/1.1\r\nHost: x\r\n\r\nOPTIONS /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("server-wide", (await client.ReadResponseAsync()).Text);
        var preflight = await client.ReadResponseAsync();
        Assert.Equal("preflight x", preflight.Text);
        Assert.Equal("*", preflight["Access-Control-Allow-Origin"]);
        var other = await client.ReadResponseAsync();
        Assert.Equal(204, other.StatusCode);
        Assert.Equal("GET, HEAD, OPTIONS", other["Allow"]);
    }

    [Fact]
    public async Task Head_on_a_route_with_parameters_gets_the_get_head()
    {
        var head = await SendAsync("HEAD /users/42");
        Assert.Equal(200, head.StatusCode);
        Assert.Equal("7", head["Content-Length"]);
    }
}
