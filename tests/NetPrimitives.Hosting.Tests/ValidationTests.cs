using Microsoft.Extensions.Options;

namespace NetPrimitives.Hosting.Tests;

public sealed class ValidationTests
{
    public static TheoryData<string, string, string> InvalidSettings => new()
    {
        // section, key, value: the start fails with "section:key" in the message.
        { "NetPrimitives:Http", "MaxConnections", "-1" },
        { "NetPrimitives:Http", "EndPoint", "127.0.0.1:70000" },
        { "NetPrimitives:Http", "EndPoint", "localhost:80" },
        { "NetPrimitives:Http", "Limits:MaxRequestBodySize", "-5" },
        { "NetPrimitives:Http", "IdleTimeout", "soon" },
        { "NetPrimitives:Http", "MaxConection", "10" },
        { "NetPrimitives:Echo", "Mode", "Sideways" },
        { "NetPrimitives:Echo", "Backlog", "0" },
        { "NetPrimitives:Udp", "MaxDatagramSize", "0" },
        { "NetPrimitives:Udp", "MaxBatchSize", "65" },
        { "NetPrimitives:Resolver", "Timeout", "-00:00:01" },
        { "NetPrimitives:Ping", "Retries", "21" },
        { "NetPrimitives:Ping", "TcpPorts:0", "0" },
        { "NetPrimitives:Smtp", "Port", "0" },
        { "NetPrimitives:Smtp", "MaxReplyLines", "0" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task An_invalid_setting_fails_the_start_with_its_configuration_path(string section, string key, string value)
    {
        var configuration = new Dictionary<string, string?> { [$"{section}:{key}"] = value, ["NetPrimitives:Smtp:Host"] = "127.0.0.1" };
        var started = false;
        using var host = TestHost.Build(builder =>
        {
            // First, so that it would start before the servers if the options were checked only when a server is created.
            builder.Services.AddHostedService(_ => new Probe(() => started = true));
            var c = builder.Configuration;
            builder.Services.AddMiniHttpServer(c.GetSection("NetPrimitives:Http"));
            builder.Services.AddEchoServer(c.GetSection("NetPrimitives:Echo"));
            builder.Services.AddUpperCaseUdpServer(c.GetSection("NetPrimitives:Udp"));
            builder.Services.AddHostResolver(c.GetSection("NetPrimitives:Resolver"));
            builder.Services.AddPingSweeper(c.GetSection("NetPrimitives:Ping"));
            builder.Services.AddSmtpClientRaw(c.GetSection("NetPrimitives:Smtp"));
        }, configuration);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"{section}:{key}: ", e.Message);
        TestContext.Current.SendDiagnosticMessage(e.Message);
        Assert.False(started);
    }

    [Fact]
    public async Task Every_invalid_setting_is_reported_at_once()
    {
        var configuration = new Dictionary<string, string?> { ["Http:MaxConnections"] = "0", ["Http:Backlog"] = "x" };
        using var host = TestHost.Build(builder => builder.Services.AddMiniHttpServer(builder.Configuration.GetSection("Http")), configuration);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Http:MaxConnections: '0' is not valid", e.Message);
        Assert.Contains("Http:Backlog: 'x' is not valid", e.Message);
    }

    [Fact]
    public async Task Options_set_in_code_are_validated_at_start_with_their_name()
    {
        using var host = TestHost.Build(builder => builder.Services.AddUpperCaseUdpServer("dns", options => options.MaxConcurrentHandlers = 0));

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("UpperCaseUdpServerOptions 'dns':MaxConcurrentHandlers: ", e.Message);
    }

    [Fact]
    public async Task An_smtp_server_without_a_host_fails_the_start()
    {
        using var host = TestHost.Build(builder => builder.Services.AddSmtpClientRaw(builder.Configuration.GetSection("Mail")),
            new Dictionary<string, string?> { ["Mail:Port"] = "587" });

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Mail:Host: ", e.Message);
    }

    // Records whether the host got as far as starting its hosted services.
    private sealed class Probe(Action onStart) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            onStart();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
