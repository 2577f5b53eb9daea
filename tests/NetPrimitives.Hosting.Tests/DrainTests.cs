using NetPrimitives.Http;
using NetPrimitives.Tcp;

namespace NetPrimitives.Hosting.Tests;

public sealed class DrainTests
{
    [Fact]
    public async Task Stopping_the_host_refuses_new_connections_and_lets_the_request_in_flight_complete()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = TestHost.Build(builder => builder.Services.AddMiniHttpServer()
            .Map("GET", "/slow", async (_, response) =>
            {
                entered.SetResult();
                await release.Task;
                await response.SendTextAsync("finished");
            }));
        await host.StartAsync(TestContext.Current.CancellationToken);
        var endPoint = host.Services.GetRequiredService<MiniHttpServer>().LocalEndPoint;
        using var inFlight = await Loopback.ConnectAsync(endPoint);
        await Loopback.SendAsync(inFlight, "GET /slow HTTP/1.1\r\nHost: test\r\n\r\n");
        await entered.Task.WaitAsync(TestContext.Current.CancellationToken);

        // The default shutdown timeout (30 s) is the drain's deadline; the handler is released well before it.
        var stopping = host.StopAsync(TestContext.Current.CancellationToken);
        var refused = false;
        for (var attempt = 0; attempt < 1000 && !refused; attempt++)
        {
            refused = await Loopback.IsRefusedAsync(endPoint);
        }

        Assert.True(refused, "the stopping server still accepts connections");
        Assert.False(stopping.IsCompleted, "the host stopped without waiting for the request in flight");
        release.SetResult();
        var response = await Loopback.ReadToEndAsync(inFlight);
        await stopping;

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response);
        Assert.Contains("\r\nConnection: close\r\n", response);
        Assert.EndsWith("\r\n\r\nfinished", response);
    }

    [Fact]
    public async Task The_host_shutdown_timeout_ends_the_drain()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = TestHost.Build(builder =>
        {
            builder.Services.AddEchoServer(options => options.Mode = EchoMode.Lines);
            builder.Services.AddMiniHttpServer()
                .Map("POST", "/upload", async (request, response) =>
                {
                    entered.SetResult();
                    // The rest of the body never comes: the read ends when the server aborts the connection.
                    await response.SendTextAsync((await request.ReadBodyAsBytesAsync()).Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                });
        });
        await host.StartAsync(TestContext.Current.CancellationToken);
        using var stuck = await Loopback.ConnectAsync(host.Services.GetRequiredService<MiniHttpServer>().LocalEndPoint);
        await Loopback.SendAsync(stuck, "POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nabc");
        using var idleEcho = await Loopback.ConnectAsync(host.Services.GetRequiredService<EchoServer>().LocalEndPoint);
        await entered.Task.WaitAsync(TestContext.Current.CancellationToken);

        // The host's stop token is what the shutdown timeout cancels; cancelled already, the servers abort at once.
        await host.StopAsync(new CancellationToken(canceled: true));

        Assert.True(await Loopback.IsClosedAsync(stuck), "the request in flight was not aborted");
        Assert.True(await Loopback.IsClosedAsync(idleEcho), "the idle echo session was not closed");
    }
}
