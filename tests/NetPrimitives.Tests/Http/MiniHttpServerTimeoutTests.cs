using NetPrimitives.Http;

namespace NetPrimitives.Tests.Http;

/// <summary>Slow clients: trickled heads get 408 (slowloris), stalled uploads get 408, and neither starves others.</summary>
public sealed class MiniHttpServerTimeoutTests
{
    [Fact]
    public async Task Slowloris_gets_408_without_starving_other_clients()
    {
        await using var server = await MiniHttpServerTests.StartAsync(configure: o => o.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(1));
        await using var slow = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        var head = "GET /hello HTTP/1.1\r\nHost: x\r\nX-Pad: " + new string('p', 64);
        var trickle = Task.Run(async () =>
        {
            // One byte every 50 ms: the head would take seconds; the timeout is 1 s. Stops by itself when refused.
            foreach (var c in head)
            {
                try
                {
                    await slow.SendAsync(c.ToString());
                }
                catch (IOException)
                {
                    return;
                }

                await Task.Delay(50);
            }
        });

        // Meanwhile, other clients are served at once, several times over.
        for (var i = 0; i < 5; i++)
        {
            await using var other = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
            await other.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal("Hello, World!", (await other.ReadResponseAsync()).Text);
        }

        var response = await slow.ReadResponseAsync();
        Assert.Equal(408, response.StatusCode);
        Assert.Equal("close", response["Connection"]);
        Assert.True(await slow.IsClosedAsync());
        await trickle.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Silent_connection_is_closed_after_the_headers_timeout_without_a_response()
    {
        await using var server = await MiniHttpServerTests.StartAsync(configure: o => o.Limits.RequestHeadersTimeout = TimeSpan.FromMilliseconds(300));
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Idle_keep_alive_connection_is_closed_after_the_keep_alive_timeout()
    {
        await using var server = await MiniHttpServerTests.StartAsync(configure: o => o.Limits.KeepAliveTimeout = TimeSpan.FromMilliseconds(300));
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Stalled_upload_gets_408_after_the_grace_period()
    {
        await using var server = await MiniHttpServerTests.StartAsync(configure: o =>
        {
            o.Limits.MinRequestBodyDataRate = 1000;
            o.Limits.MinRequestBodyDataRateGracePeriod = TimeSpan.FromSeconds(1);
        });
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nonly a few bytes");

        // 16 bytes in over a second is far below 1000 B/s: refused (the handler had not started its response).
        var response = await client.ReadResponseAsync();
        Assert.Equal(408, response.StatusCode);
        Assert.Equal("close", response["Connection"]);
    }
}
