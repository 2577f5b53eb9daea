using NetPrimitives.Http;
using NetPrimitives.Tcp;
using NetPrimitives.Udp;

namespace NetPrimitives.Hosting.Tests;

public sealed class HostedServersTests
{
    [Fact]
    public async Task The_host_starts_the_servers_from_configuration_and_stops_them()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["NetPrimitives:Http:EndPoint"] = "127.0.0.1:0",
            ["NetPrimitives:Http:ServerHeader"] = "hosted",
            ["NetPrimitives:Echo:EndPoint"] = "127.0.0.1:0",
            ["NetPrimitives:Echo:Mode"] = "Lines",
            ["NetPrimitives:Udp:EndPoint"] = "127.0.0.1:0",
            ["NetPrimitives:Udp:ReceiveLoops"] = "1",
        };
        using var host = TestHost.Build(builder =>
        {
            builder.Services.AddMiniHttpServer(builder.Configuration.GetSection("NetPrimitives:Http"))
                .Map("GET", "/hello/{name}", (request, response) => response.SendTextAsync("hello " + request.RouteValues["name"]).AsTask());
            builder.Services.AddEchoServer(builder.Configuration.GetSection("NetPrimitives:Echo"), options => options.Transform = EchoTransforms.UpperCase);
            builder.Services.AddUpperCaseUdpServer(builder.Configuration.GetSection("NetPrimitives:Udp"));
        }, configuration);

        await host.StartAsync(TestContext.Current.CancellationToken);
        var http = host.Services.GetRequiredService<MiniHttpServer>().LocalEndPoint;
        var echo = host.Services.GetRequiredService<EchoServer>().LocalEndPoint;
        var udp = host.Services.GetRequiredService<UpperCaseUdpServer>().LocalEndPoint;
        Assert.NotEqual(0, http.Port);

        var response = await Loopback.HttpGetAsync(http, "/hello/host");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response);
        Assert.Contains("\r\nServer: hosted\r\n", response);
        Assert.EndsWith("\r\n\r\nhello host", response);

        using (var client = await Loopback.ConnectAsync(echo))
        {
            await Loopback.SendAsync(client, "shout\n");
            Assert.Equal("SHOUT", await Loopback.ReadLineAsync(client));
        }

        Assert.Equal("QUIET", await Loopback.UdpRoundTripAsync(udp, "quiet"));

        await host.StopAsync(TestContext.Current.CancellationToken);
        Assert.True(await Loopback.IsRefusedAsync(http));
        Assert.True(await Loopback.IsRefusedAsync(echo));
    }

    [Fact]
    public async Task Two_named_servers_of_a_type_run_side_by_side_with_their_own_options_and_routes()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Servers:Public:ServerHeader"] = "public",
            ["Servers:Admin:ServerHeader"] = "admin",
        };
        using var host = TestHost.Build(builder =>
        {
            builder.Services.AddMiniHttpServer("public", builder.Configuration.GetSection("Servers:Public"))
                .Map("GET", "/", (_, response) => response.SendTextAsync("public").AsTask());
            builder.Services.AddMiniHttpServer("admin", builder.Configuration.GetSection("Servers:Admin"))
                .Map("GET", "/", (_, response) => response.SendTextAsync("admin").AsTask());
            builder.Services.AddEchoServer("first");
            builder.Services.AddEchoServer("second", options => options.Greeting = "second\n");
        }, configuration);

        await host.StartAsync(TestContext.Current.CancellationToken);
        var publicServer = host.Services.GetRequiredKeyedService<MiniHttpServer>("public");
        var adminServer = host.Services.GetRequiredKeyedService<MiniHttpServer>("admin");
        Assert.NotSame(publicServer, adminServer);
        Assert.NotEqual(publicServer.LocalEndPoint, adminServer.LocalEndPoint);

        var publicResponse = await Loopback.HttpGetAsync(publicServer.LocalEndPoint, "/");
        var adminResponse = await Loopback.HttpGetAsync(adminServer.LocalEndPoint, "/");
        Assert.Contains("\r\nServer: public\r\n", publicResponse);
        Assert.EndsWith("\r\n\r\npublic", publicResponse);
        Assert.Contains("\r\nServer: admin\r\n", adminResponse);
        Assert.EndsWith("\r\n\r\nadmin", adminResponse);

        using (var client = await Loopback.ConnectAsync(host.Services.GetRequiredKeyedService<EchoServer>("second").LocalEndPoint))
        {
            Assert.Equal("second", await Loopback.ReadLineAsync(client));
        }

        Assert.NotEqual(0, host.Services.GetRequiredKeyedService<EchoServer>("first").LocalEndPoint.Port);
        Assert.Null(host.Services.GetService<MiniHttpServer>());
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void A_second_server_of_a_type_under_the_same_name_is_refused()
    {
        var services = new ServiceCollection();
        services.AddEchoServer("one");
        services.AddMiniHttpServer("one");

        var e = Assert.Throws<InvalidOperationException>(() => services.AddEchoServer("one"));
        Assert.Contains("'one'", e.Message);
    }

    [Fact]
    public async Task A_malformed_route_fails_the_start()
    {
        using var host = TestHost.Build(builder => builder.Services.AddMiniHttpServer().Map("GET", "no-slash", (_, response) => response.SendTextAsync("x").AsTask()));

        await Assert.ThrowsAsync<ArgumentException>(() => host.StartAsync(TestContext.Current.CancellationToken));
    }
}
