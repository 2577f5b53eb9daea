using System.Diagnostics;
using System.Text.RegularExpressions;
using NetPrimitives.Http;
using NetPrimitives.Tests.Http;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.IntegrationTests.Http;

/// <summary>
/// Real HTTPS clients against MiniHttpServer over TLS, trusting only the test authority: curl (--cacert), and
/// openssl s_client for pipelining, which curl no longer does.
/// </summary>
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

    [Fact]
    public async Task Openssl_pipelines_three_requests_in_one_write_and_gets_the_answers_in_order_on_one_connection()
    {
        var openssl = Peers.Require("openssl", "a TLS client that pipelines HTTP requests (curl no longer does)");
        var start = new ProcessStartInfo(openssl) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        // -quiet keeps the session open at the end of input; it ends when the server closes after "Connection: close".
        foreach (var arg in new[] { "s_client", "-connect", $"127.0.0.1:{_server.LocalEndPoint.Port}", "-servername", "localhost", "-verify_hostname", "localhost", "-CAfile", _ca, "-verify_return_error", "-alpn", "http/1.1", "-quiet" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            const string Request = "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n";
            await process.StandardInput.WriteAsync(Request + Request.Replace("/hello", "/missing", StringComparison.Ordinal) + Request.Replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n", StringComparison.Ordinal));
            await process.StandardInput.FlushAsync();
            var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            // A body without a line end runs into the next status line ("Hello, World!HTTP/1.1 404 ..."): no ^ anchor.
            var statuses = Regex.Matches(output, @"HTTP/1\.1 (\d{3}) ").Select(m => m.Groups[1].Value);
            Assert.True(statuses.SequenceEqual(["200", "404", "200"]), $"{output}\n{await stderr}");
            Assert.EndsWith("Hello, World!", output, StringComparison.Ordinal);
            Assert.Contains("verify return:1", await stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
