using Microsoft.Extensions.Options;
using NetPrimitives.Names;
using NetPrimitives.Ping;
using NetPrimitives.Smtp;

namespace NetPrimitives.Hosting.Tests;

public sealed class ClientServicesTests
{
    [Fact]
    public async Task The_resolver_is_one_singleton_as_HostResolver_and_IHostResolver_with_its_configured_options()
    {
        using var host = TestHost.Build(builder => builder.Services.AddHostResolver(builder.Configuration.GetSection("Resolver")),
            new Dictionary<string, string?> { ["Resolver:Timeout"] = "00:00:03", ["Resolver:BatchConcurrency"] = "4" });
        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.Same(host.Services.GetRequiredService<HostResolver>(), host.Services.GetRequiredService<IHostResolver>());
        var options = host.Services.GetRequiredService<IOptions<HostResolverOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(3), options.Timeout);
        Assert.Equal(4, options.BatchConcurrency);
        Assert.Equal(IPAddress.Loopback, await host.Services.GetRequiredService<IHostResolver>().GetHostByNameAsync("127.0.0.1", TestContext.Current.CancellationToken));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_ping_sweeper_takes_its_init_only_options_from_configuration()
    {
        using var host = TestHost.Build(builder => builder.Services.AddPingSweeper(builder.Configuration.GetSection("Ping")),
            new Dictionary<string, string?>
            {
                ["Ping:Retries"] = "1", ["Ping:Timeout"] = "00:00:00.250", ["Ping:Engine"] = "TcpConnect",
                ["Ping:TcpPorts:0"] = "22", ["Ping:TcpPorts:1"] = "8080",
            });
        await host.StartAsync(TestContext.Current.CancellationToken);

        var options = host.Services.GetRequiredService<PingSweeper>().Options;
        Assert.Equal(1, options.Retries);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Timeout);
        Assert.Equal(PingEngine.TcpConnect, options.Engine);
        Assert.Equal([22, 8080], options.TcpPorts);
        Assert.Equal(new PingSweeperOptions().RatePerSecond, options.RatePerSecond);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void The_ping_sweeper_takes_options_created_in_code()
    {
        var services = new ServiceCollection().AddPingSweeper(() => new PingSweeperOptions { PayloadSize = 100 });
        using var provider = services.BuildServiceProvider();

        Assert.Equal(100, provider.GetRequiredService<PingSweeper>().Options.PayloadSize);
    }

    [Fact]
    public async Task The_smtp_factory_connects_a_new_session_to_each_configured_server()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var host = TestHost.Build(builder =>
        {
            builder.Services.AddSmtpClientRaw(builder.Configuration.GetSection("Smtp"));
            builder.Services.AddSmtpClientRaw("other", options => options.Host = "127.0.0.1");
        }, new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:LocalDomain"] = "client.example", ["Smtp:GreetingTimeout"] = "00:00:30",
        });
        await host.StartAsync(TestContext.Current.CancellationToken);
        var factory = host.Services.GetRequiredService<SmtpClientRawFactory>();

        var server = ServeOneSessionAsync(listener);
        await using (var client = await factory.ConnectAsync(TestContext.Current.CancellationToken))
        {
            Assert.Equal(220, client.Greeting.Code);
            Assert.Equal("client.example", client.LocalDomain);
            await client.QuitAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(["EHLO client.example", "QUIT"], await server);
        Assert.Equal(25, host.Services.GetRequiredService<IOptionsMonitor<SmtpClientRawFactoryOptions>>().Get("other").Port);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    // A scripted SMTP server for one session: greets, accepts EHLO, says goodbye to QUIT; returns the commands.
    private static async Task<List<string>> ServeOneSessionAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync(TestContext.Current.CancellationToken);
        var commands = new List<string>();
        await Loopback.SendAsync(socket, "220 fake ESMTP\r\n");
        for (var i = 0; i < 10; i++)
        {
            var command = await Loopback.ReadLineAsync(socket);
            commands.Add(command);
            if (command == "QUIT")
            {
                await Loopback.SendAsync(socket, "221 bye\r\n");
                return commands;
            }

            await Loopback.SendAsync(socket, "250 fake\r\n");
        }

        return commands;
    }
}
