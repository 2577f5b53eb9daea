using NetPrimitives.Http;
using NetPrimitives.Tests.Http;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.IntegrationTests.Http;

/// <summary>A real HTTPS client: curl, trusting only the test authority (--cacert), against MiniHttpServer over TLS.</summary>
public sealed class CurlHttpsTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("np-curl-https-").FullName;
    private MiniHttpServer _server = null!;
    private string _ca = null!;

    public async ValueTask InitializeAsync()
    {
        (_ca, _, _) = TestCertificateAuthority.Shared.WritePem(_folder);
        _server = await MiniHttpServerTests.StartAsync(configure: o => o.Tls = TestCertificateAuthority.Shared.ServerOptions());
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    // curl trusting exactly the test authority.
    private Task<(int Exit, string Out, string Err)> CurlAsync(params string[] args) => Curl.RunAsync(["--cacert", _ca, .. args]);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Curl_verifies_the_certificate_and_reuses_the_connection(string host)
    {
        var url = $"https://{host}:{_server.LocalEndPoint.Port}/hello";
        var (exit, output, error) = await CurlAsync("--verbose", "--write-out", " %{http_version} %{num_connects}\n", url, url);
        Assert.True(exit == 0, error);
        Assert.Equal($"Hello, World! 1.1 1\nHello, World! 1.1 0\n", output); // the second request on the first connection
        Assert.Contains("ALPN: server accepted http/1.1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_without_the_authority_refuses_the_certificate()
    {
        var (refused, output, _) = await Curl.RunAsync($"https://localhost:{_server.LocalEndPoint.Port}/hello");
        Assert.Equal(60, refused); // CURLE_PEER_FAILED_VERIFICATION
        Assert.Empty(output);

        var (exit, body, _) = await CurlAsync($"https://localhost:{_server.LocalEndPoint.Port}/hello");
        Assert.Equal(0, exit);
        Assert.Equal("Hello, World!", body);
    }
}
