using System.Net;
using NetPrimitives.Http;

namespace NetPrimitives.Tests.Http;

public sealed partial class MiniHttpServerTests
{
    [Fact]
    public async Task Get_answers_with_body_length_date_and_server()
    {
        await using var server = await StartAsync();
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal("HTTP/1.1 200 OK", response.StatusLine);
        Assert.Equal("Hello, World!", response.Text);
        Assert.Equal("13", response["Content-Length"]);
        Assert.Equal("text/plain; charset=utf-8", response["Content-Type"]);
        Assert.Equal("NetPrimitives", response["Server"]);
        Assert.True(DateTimeOffset.TryParseExact(response["Date"], "r", null, System.Globalization.DateTimeStyles.AssumeUniversal, out _), response["Date"]);
        Assert.Null(response["Connection"]);
    }

    [Fact]
    public async Task Sixteen_pipelined_requests_in_one_write_get_responses_in_order()
    {
        await using var server = await StartAsync(s => s.Map("GET", "/n/*", async (request, response) =>
        {
            // Some handlers finish asynchronously, others at once: order must still be the request order.
            var n = int.Parse(request.Path[3..], System.Globalization.CultureInfo.InvariantCulture);
            if (n % 3 == 0)
            {
                await Task.Yield();
            }

            await response.SendTextAsync("response " + n);
        }));
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        var burst = new StringBuilder();
        for (var i = 0; i < 16; i++)
        {
            burst.Append(i == 7 ? $"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nbody of 7" : $"GET /n/{i} HTTP/1.1\r\nHost: x\r\n\r\n");
        }

        await client.SendAsync(burst.ToString());
        for (var i = 0; i < 16; i++)
        {
            var response = await client.ReadResponseAsync();
            Assert.Equal(200, response.StatusCode);
            Assert.Equal(i == 7 ? "body of 7" : "response " + i, response.Text);
        }
    }

    [Fact]
    public async Task HttpClient_reuses_one_keep_alive_connection()
    {
        var ports = new System.Collections.Concurrent.ConcurrentBag<int>();
        await using var server = await StartAsync(s => s.Map("GET", "/who", (request, response) =>
        {
            ports.Add(request.RemoteEndPoint!.Port);
            return response.SendTextAsync(request.RemoteEndPoint.ToString()).AsTask();
        }));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < 5; i++)
        {
            var text = await http.GetStringAsync($"http://{server.LocalEndPoint}/who");
            Assert.Contains("127.0.0.1", text, StringComparison.Ordinal);
        }

        var post = await http.PostAsync($"http://{server.LocalEndPoint}/echo", new StringContent("posted"));
        Assert.Equal("posted", await post.Content.ReadAsStringAsync());
        Assert.Equal(5, ports.Count);
        Assert.Single(ports.Distinct());
    }

    [Fact]
    public async Task Head_gets_the_get_headers_without_a_body()
    {
        await using var server = await StartAsync();
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");

        var head = await client.ReadResponseAsync(headOnly: true);
        Assert.Equal(200, head.StatusCode);
        Assert.Equal("13", head["Content-Length"]);

        // If the HEAD response had carried a body, this would read it as a status line.
        var get = await client.ReadResponseAsync();
        Assert.Equal("Hello, World!", get.Text);
    }

    [Fact]
    public async Task Chunked_request_body_is_decoded_and_unknown_length_response_is_chunked()
    {
        await using var server = await StartAsync(s => s.Map("POST", "/stream", async (request, response) =>
        {
            var text = await request.ReadTextAsync();
            await response.WriteAsync(Encoding.UTF8.GetBytes("got "));
            await response.WriteAsync(Encoding.UTF8.GetBytes(text));
            await response.WriteAsync(Encoding.UTF8.GetBytes(" trailer=" + request.Trailers["X-T"]));
        }));
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("POST /stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\nX-T: 1\r\n\r\n");

        var response = await client.ReadResponseAsync();
        Assert.Equal("chunked", response["Transfer-Encoding"]);
        Assert.Equal("got Wikipedia trailer=1", response.Text);
    }

    [Fact]
    public async Task Http10_client_gets_close_delimited_body_when_length_is_unknown()
    {
        await using var server = await StartAsync(s => s.Map("GET", "/stream", async (_, response) =>
        {
            await response.WriteAsync(Encoding.UTF8.GetBytes("part1 "));
            await response.WriteAsync(Encoding.UTF8.GetBytes("part2"));
        }));
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("GET /stream HTTP/1.0\r\n\r\n");
        var response = await client.ReadResponseAsync(untilClose: true);
        Assert.Equal("close", response["Connection"]);
        Assert.Null(response["Transfer-Encoding"]);
        Assert.Equal("part1 part2", response.Text);
    }

    [Fact]
    public async Task Expect_100_continue_gets_interim_response_when_the_body_is_read()
    {
        await using var server = await StartAsync();
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");

        var interim = await client.ReadResponseAsync();
        Assert.Equal("HTTP/1.1 100 Continue", interim.StatusLine);
        await client.SendAsync("ping");
        var final = await client.ReadResponseAsync();
        Assert.Equal("ping", final.Text);
        Assert.Null(final["Connection"]);
    }

    [Fact]
    public async Task Expect_100_continue_unread_body_gets_final_answer_and_close()
    {
        await using var server = await StartAsync();
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
        var response = await client.ReadResponseAsync();
        Assert.Equal(404, response.StatusCode);
        Assert.Equal("close", response["Connection"]);
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Unread_small_body_is_drained_and_the_connection_kept()
    {
        await using var server = await StartAsync();
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(405, (await client.ReadResponseAsync()).StatusCode);
        Assert.Equal("Hello, World!", (await client.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task Handler_exception_is_500_and_the_server_keeps_serving()
    {
        await using var server = await StartAsync(s => s.Map("GET", "/boom", (_, _) => throw new InvalidOperationException("boom")));
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await client.ReadResponseAsync();
        Assert.Equal(500, response.StatusCode);
        Assert.DoesNotContain("boom", response.Text, StringComparison.Ordinal); // no internals leak to clients

        await using var other = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await other.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await other.ReadResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Query_and_path_are_decoded_and_headers_case_insensitive()
    {
        await using var server = await StartAsync(s => s.Map("GET", "/files/*", (request, response) =>
            response.SendTextAsync($"{request.Path}|{request.Query["q"]}|{request.Query["n"]}|{request.Headers["x-CUSTOM"]}|{request.Protocol}").AsTask()));
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("GET /files/a%20b%C3%A9.txt?q=x+y%26z&n=1 HTTP/1.1\r\nHost: x\r\nX-Custom: v\r\n\r\n");
        Assert.Equal("/files/a bé.txt|x y&z|1|v|HTTP/1.1", (await client.ReadResponseAsync()).Text);

        await client.SendAsync("GET /files/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(400, (await client.ReadResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Form_urlencoded_is_decoded()
    {
        await using var server = await StartAsync(s => s.Map("POST", "/form", async (request, response) =>
        {
            var form = await request.ReadFormAsync();
            await response.SendTextAsync(string.Join(";", form.Select(p => p.Key + "=" + p.Value)));
        }));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var content = new FormUrlEncodedContent([new("name", "Zoë & co"), new("n", "1"), new("n", "2")]);
        var response = await http.PostAsync($"http://{server.LocalEndPoint}/form", content);
        Assert.Equal("name=Zoë & co;n=1;n=2", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Large_chunks_are_read_in_pieces_no_larger_than_the_callers_buffer()
    {
        // Regression: a slice's length read after AdvanceTo came from recycled pipe segments.
        await using var server = await StartAsync(s => s.Map("PUT", "/put", async (request, response) =>
        {
            var sizes = new List<int>();
            var buffer = new byte[4096];
            int n;
            while ((n = await request.Body.ReadAsync(buffer.AsMemory(0, 4096))) > 0)
            {
                sizes.Add(n);
            }

            await response.SendTextAsync($"{sizes.Max()} {sizes.Sum()}");
        }));
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("PUT /put HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2710\r\n" + new string('a', 10000) + "\r\n0\r\n\r\n");
        Assert.Equal("4096 10000", (await client.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task No_100_continue_after_the_final_response_has_started()
    {
        await using var server = await StartAsync(s => s.Map("POST", "/early", async (request, response) =>
        {
            await response.WriteAsync(Encoding.UTF8.GetBytes("early "));
            var body = await request.ReadTextAsync();
            await response.WriteAsync(Encoding.UTF8.GetBytes(body));
        }));
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
        var head = await client.ReadResponseAsync(headOnly: true);
        Assert.Equal(200, head.StatusCode); // the final response, not an interim 100
        await client.SendAsync("late");
        var rest = Encoding.ASCII.GetString(await client.ReadToEndAsync());
        Assert.Contains("early ", rest, StringComparison.Ordinal);
        Assert.Contains("late", rest, StringComparison.Ordinal);
        Assert.DoesNotContain("100 Continue", rest, StringComparison.Ordinal);
    }
}
