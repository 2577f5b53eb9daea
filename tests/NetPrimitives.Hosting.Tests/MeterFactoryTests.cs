using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using NetPrimitives.Diagnostics;
using NetPrimitives.Http;
using NetPrimitives.Names;
using NetPrimitives.Ping;
using NetPrimitives.Tcp;
using NetPrimitives.Udp;

namespace NetPrimitives.Hosting.Tests;

public sealed class MeterFactoryTests
{
    [Fact]
    public async Task Every_server_and_client_added_here_measures_through_the_hosts_meter_factory()
    {
        using var host = TestHost.Build(builder =>
        {
            builder.Services.AddMetrics();
            builder.Services.AddMiniHttpServer().Map("GET", "/", (_, response) => response.SendTextAsync("metered").AsTask());
            builder.Services.AddEchoServer();
            builder.Services.AddUpperCaseUdpServer();
            builder.Services.AddHostResolver(options => options.DnsClientOptions = new DnsStubClientOptions());
            builder.Services.AddPingSweeper();
            builder.Services.AddSmtpClientRaw(options => options.Host = "127.0.0.1");
        });
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        Assert.Same(factory, Options<MiniHttpServerOptions>(host).MeterFactory);
        Assert.Same(factory, Options<EchoServerOptions>(host).MeterFactory);
        Assert.Same(factory, Options<UpperCaseUdpServerOptions>(host).MeterFactory);
        Assert.Same(factory, Options<HostResolverOptions>(host).MeterFactory);
        Assert.Same(factory, Options<HostResolverOptions>(host).DnsClientOptions!.MeterFactory);
        Assert.Same(factory, Options<PingSweeperOptions>(host).MeterFactory);
        Assert.Same(factory, Options<SmtpClientRawFactoryOptions>(host).Client.MeterFactory);
        Assert.Same(factory, Options<SmtpClientRawFactoryOptions>(host).Client.Connection.MeterFactory);

        // A request is measured on the container's meter, which a collector on the same factory sees.
        using var requests = new MetricCollector<double>(factory, NetPrimitivesDiagnostics.Http, "http.server.request.duration");
        await host.StartAsync(TestContext.Current.CancellationToken);
        var response = await Loopback.HttpGetAsync(host.Services.GetRequiredService<MiniHttpServer>().LocalEndPoint, "/");
        Assert.EndsWith("metered", response);
        await requests.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal("/", requests.GetMeasurementSnapshot()[0].Tags["http.route"]);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void A_meter_factory_set_in_code_is_kept()
    {
        using var own = new OwnMeterFactory();
        using var host = TestHost.Build(builder =>
        {
            builder.Services.AddMetrics();
            builder.Services.AddMiniHttpServer(options => options.MeterFactory = own);
        });

        Assert.Same(own, Options<MiniHttpServerOptions>(host).MeterFactory);
    }

    private static T Options<T>(IHost host)
        where T : class => host.Services.GetRequiredService<IOptionsMonitor<T>>().Get(Microsoft.Extensions.Options.Options.DefaultName);

    private sealed class OwnMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
