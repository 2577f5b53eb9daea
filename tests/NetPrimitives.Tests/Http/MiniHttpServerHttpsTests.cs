using System.Diagnostics.Metrics;
using System.Net.Security;
using NetPrimitives.Diagnostics;
using NetPrimitives.Tests.Diagnostics;
using NetPrimitives.Http;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.Tests.Http;

/// <summary>MiniHttpServer over HTTPS: the transport's TLS options on MiniHttpServerOptions, our raw client over SslStream.</summary>
public sealed class MiniHttpServerHttpsTests
{
    private static readonly TestCertificateAuthority Ca = TestCertificateAuthority.Shared;

    [Fact]
    public async Task Keep_alive_and_pipelined_requests_over_TLS_with_ALPN_http_1_1()
    {
        await using var server = await MiniHttpServerTests.StartAsync(configure: o => o.Tls = Ca.ServerOptions(alpn: [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]));
        // The client offers h2 first: the server agrees on http/1.1 only, whatever the options listed.
        await using var client = await RawHttpClient.ConnectTlsAsync(server.LocalEndPoint, Ca.ClientOptions("localhost", SslApplicationProtocol.Http2, SslApplicationProtocol.Http11));
        Assert.Equal(SslApplicationProtocol.Http11, client.ApplicationProtocol);

        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
        var first = await client.ReadResponseAsync();
        Assert.Equal(200, first.StatusCode);
        Assert.Equal("Hello, World!", first.Text);

        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\nPOST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello");
        Assert.Equal("Hello, World!", (await client.ReadResponseAsync()).Text);
        Assert.Equal("hello", (await client.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task Requests_are_measured_with_url_scheme_https()
    {
        using var meters = new TestMeters();
        using var durations = meters.Collect<double>(NetPrimitivesDiagnostics.Http, "http.server.request.duration");
        await using var server = await MiniHttpServerTests.StartAsync(configure: o =>
        {
            o.Tls = Ca.ServerOptions();
            o.MeterFactory = meters.Factory;
        });
        await using var client = await RawHttpClient.ConnectTlsAsync(server.LocalEndPoint, Ca.ClientOptions("localhost"));
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
        Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);

        await server.StopAsync();
        var measured = Assert.Single(durations.GetMeasurementSnapshot());
        Assert.Equal("https", measured.Tags["url.scheme"]);
    }

    [Fact]
    public async Task A_plain_http_request_on_the_https_port_gets_no_answer_and_the_server_goes_on()
    {
        await using var server = await MiniHttpServerTests.StartAsync(configure: o => o.Tls = Ca.ServerOptions());
        await using (var plain = await RawHttpClient.ConnectAsync(server.LocalEndPoint))
        {
            await plain.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
            await Assert.ThrowsAnyAsync<IOException>(() => plain.ReadResponseAsync());
        }

        await using var client = await RawHttpClient.ConnectTlsAsync(server.LocalEndPoint, Ca.ClientOptions("localhost"));
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
        Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);
    }
}
