using NetPrimitives.Http;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.Tests.Http;

/// <summary>
/// Slow clients: trickled heads get 408 (slowloris), stalled uploads get 408, and neither starves others. The
/// server runs on a fake clock: each test waits until the server has armed the timeout it is about (the clock
/// says when and for how long), then moves time past it; nothing waits on the wall clock.
/// </summary>
public sealed class MiniHttpServerTimeoutTests
{
    private static readonly TimeSpan HeadersTimeout = new HttpLimits().RequestHeadersTimeout; // 30 s
    private static readonly TimeSpan KeepAliveTimeout = new HttpLimits().KeepAliveTimeout; // 130 s

    [Fact]
    public async Task Slowloris_gets_408_without_starving_other_clients()
    {
        var clock = new SignalingTimeProvider();
        await using var server = await MiniHttpServerTests.StartAsync(clock: clock);
        await using var slow = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await clock.WaitForTimerAsync(HeadersTimeout); // connected: the first head is due within 30 s from now

        // Five pieces of a head, 5 s apart: each piece is read (the server waits again, with what is left of the
        // 30 s, not a fresh 30 s), but the head is never whole.
        var step = TimeSpan.FromSeconds(5);
        var pieces = new[] { "GET /hello HTTP/1.1\r\n", "Host: x\r\n", "X-Pad: ", new string('p', 64), "\r\nX-More: " };
        for (var i = 0; i < pieces.Length; i++)
        {
            clock.Advance(step);
            await slow.SendAsync(pieces[i]);
            await clock.WaitForTimerAsync(HeadersTimeout - (step * (i + 1)));
        }

        // Meanwhile, other clients are served at once, several times over.
        for (var i = 0; i < 5; i++)
        {
            await using var other = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
            await other.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal("Hello, World!", (await other.ReadResponseAsync()).Text);
        }

        clock.Advance(step); // 30 s since the connection opened
        var response = await slow.ReadResponseAsync();
        Assert.Equal(408, response.StatusCode);
        Assert.Equal("close", response["Connection"]);
        Assert.True(await slow.IsClosedAsync());
    }

    [Fact]
    public async Task Silent_connection_is_closed_after_the_headers_timeout_without_a_response()
    {
        var clock = new SignalingTimeProvider();
        await using var server = await MiniHttpServerTests.StartAsync(clock: clock);
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await clock.ExpireAsync(HeadersTimeout);
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Idle_keep_alive_connection_is_closed_after_the_keep_alive_timeout()
    {
        var clock = new SignalingTimeProvider();
        await using var server = await MiniHttpServerTests.StartAsync(clock: clock);
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);
        await clock.ExpireAsync(KeepAliveTimeout);
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Stalled_upload_gets_408_after_the_grace_period()
    {
        var clock = new SignalingTimeProvider();
        var grace = TimeSpan.FromSeconds(5);
        await using var server = await MiniHttpServerTests.StartAsync(
            configure: o =>
            {
                o.Limits.MinRequestBodyDataRate = 1000;
                o.Limits.MinRequestBodyDataRateGracePeriod = grace;
            },
            clock: clock);
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nonly a few bytes");

        // 16 bytes in the 5 s grace period is far below 1000 B/s: refused (the handler had not started its response).
        await clock.ExpireAsync(grace);
        var response = await client.ReadResponseAsync();
        Assert.Equal(408, response.StatusCode);
        Assert.Equal("close", response["Connection"]);
    }

    [Fact]
    public async Task The_idle_timeout_and_the_http_timeouts_run_on_one_clock()
    {
        // The transport's idle timeout (20 s here) and HTTP's keep-alive timeout (130 s) read the same TimeProvider:
        // moving it past the idle timeout alone closes a keep-alive connection.
        var clock = new SignalingTimeProvider();
        await using var server = await MiniHttpServerTests.StartAsync(configure: o => o.IdleTimeout = TimeSpan.FromSeconds(20), clock: clock);
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);
        await clock.WaitForTimerAsync(KeepAliveTimeout);
        clock.Advance(TimeSpan.FromSeconds(21));
        Assert.True(await client.IsClosedAsync());
    }
}
