using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using NetPrimitives.Http;
using NetPrimitives.Tests.Http;

namespace NetPrimitives.IntegrationTests.Http;

/// <summary>
/// A real client: curl against MiniHttpServer on loopback (GET, HEAD, multipart, chunked upload, range, 100-continue,
/// route parameters, 405/501/OPTIONS, cookies, compressed responses).
/// </summary>
public sealed class CurlTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("np-curl-").FullName;
    private MiniHttpServer _server = null!;

    private string Url => $"http://{_server.LocalEndPoint}";

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "range.txt"), "0123456789");
        await File.WriteAllTextAsync(Path.Combine(_folder, "ranges.txt"), "0123456789abcdefghijABCDEFGHIJklmnopqrst");
        _server = await MiniHttpServerTests.StartAsync(s => s
            .Map("POST", "/upload", async (request, response) =>
            {
                var form = await request.ReadMultipartFormAsync(Path.Combine(_folder, "uploads"));
                var lines = form.Fields.Select(f => $"field {f.Key}={f.Value}")
                    .Concat(form.Files.Select(f => $"file {f.Name} {f.FileName} {f.Length} {Hash(f.Path)}"));
                await response.SendTextAsync(string.Join("\n", lines));
            })
            .Map("PUT", "/put", async (request, response) =>
            {
                using var sha = SHA256.Create();
                var hash = Convert.ToHexString(await sha.ComputeHashAsync(request.Body));
                await response.SendTextAsync($"{request.Headers["Transfer-Encoding"]} {request.Body.Position} {hash}");
            })
            .Map("GET", "/users/{id}", (request, response) => response.SendTextAsync("user " + request.RouteValues["id"]).AsTask())
            .Map("GET", "/login", (_, response) =>
            {
                response.SetCookie("session", "s3cret", new HttpCookieOptions { Path = "/", HttpOnly = true, SameSite = CookieSameSite.Strict });
                return response.SendTextAsync("in").AsTask();
            })
            .Map("GET", "/me", (request, response) => response.SendTextAsync("session=" + request.Cookies["session"]).AsTask())
            .MapStaticFiles("/files", _folder));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    private static Task<(int Exit, string Out, string Err)> CurlAsync(params string[] args) => Curl.RunAsync(args);

    [Fact]
    public async Task Get_and_head()
    {
        var get = await CurlAsync("--include", Url + "/hello");
        Assert.True(get.Exit == 0, get.Err);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", get.Out, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nHello, World!", get.Out, StringComparison.Ordinal);

        var head = await CurlAsync("--head", Url + "/hello");
        Assert.True(head.Exit == 0, head.Err);
        Assert.Contains("Content-Length: 13\r\n", head.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Multipart_upload_of_20_MB_with_a_field()
    {
        var path = Path.Combine(_folder, "big.bin");
        var data = new byte[20 * 1024 * 1024];
        new Random(20).NextBytes(data);
        await File.WriteAllBytesAsync(path, data);

        var result = await CurlAsync("-F", "note=hello world", "-F", $"data=@{path}", Url + "/upload");
        Assert.True(result.Exit == 0, result.Err);
        Assert.Equal($"field note=hello world\nfile data big.bin {data.Length} {Convert.ToHexString(SHA256.HashData(data))}", result.Out);
    }

    [Fact]
    public async Task Chunked_upload_with_T()
    {
        var path = Path.Combine(_folder, "put.bin");
        var data = new byte[300_000];
        new Random(3).NextBytes(data);
        await File.WriteAllBytesAsync(path, data);

        var result = await CurlAsync("-T", path, "-H", "Transfer-Encoding: chunked", Url + "/put");
        Assert.True(result.Exit == 0, result.Err);
        Assert.True($"chunked {data.Length} {Convert.ToHexString(SHA256.HashData(data))}" == result.Out, result.Out + result.Err);
    }

    [Fact]
    public async Task Range()
    {
        var result = await CurlAsync("--range", "2-5", "--include", Url + "/files/range.txt");
        Assert.True(result.Exit == 0, result.Err);
        Assert.StartsWith("HTTP/1.1 206 Partial Content", result.Out, StringComparison.Ordinal);
        Assert.Contains("Content-Range: bytes 2-5/10", result.Out, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n2345", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_ranges()
    {
        // curl sends "Range: bytes=0-9,20-29" and writes the multipart/byteranges body as it is.
        var head = Path.Combine(_folder, "ranges.head");
        var body = Path.Combine(_folder, "ranges.body");
        var result = await CurlAsync("--range", "0-9,20-29", "--dump-header", head, "--output", body, Url + "/files/ranges.txt");
        Assert.True(result.Exit == 0, result.Err);
        var fields = await File.ReadAllLinesAsync(head);
        Assert.Equal("HTTP/1.1 206 Partial Content", fields[0]);
        var contentType = fields.Single(f => f.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))["Content-Type:".Length..].Trim();
        var bytes = await File.ReadAllBytesAsync(body);
        Assert.Contains($"Content-Length: {bytes.Length}", fields);
        var parts = ByteRangesBody.Parse(bytes, ByteRangesBody.Boundary(contentType));
        Assert.Equal(
            ["0-9/40 0123456789", "20-29/40 ABCDEFGHIJ"],
            parts.Select(p => $"{p.Start}-{p.End}/{p.Length} {Encoding.ASCII.GetString(p.Data)}"));
        Assert.All(parts, p => Assert.Equal("text/plain; charset=utf-8", p.ContentType));
    }

    [Fact]
    public async Task Expect_100_continue()
    {
        var result = await CurlAsync("--verbose", "-H", "Expect: 100-continue", "--data-binary", "expected body", "-H", "Content-Type: text/plain", Url + "/echo");
        Assert.True(result.Exit == 0, result.Err);
        Assert.Equal("expected body", result.Out);
        Assert.Contains("HTTP/1.1 100 Continue", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_parameters_methods_and_options()
    {
        Assert.Equal("user 42", (await CurlAsync(Url + "/users/42")).Out);

        var notAllowed = await CurlAsync("--include", "-X", "PUT", Url + "/hello");
        Assert.StartsWith("HTTP/1.1 405 Method Not Allowed\r\n", notAllowed.Out, StringComparison.Ordinal);
        Assert.Contains("\r\nAllow: GET, HEAD, OPTIONS\r\n", notAllowed.Out, StringComparison.Ordinal);

        var notImplemented = await CurlAsync("--include", "-X", "DELETE", Url + "/hello");
        Assert.StartsWith("HTTP/1.1 501 Not Implemented\r\n", notImplemented.Out, StringComparison.Ordinal);

        var star = await CurlAsync("--include", "-X", "OPTIONS", "--request-target", "*", Url);
        Assert.StartsWith("HTTP/1.1 204 No Content\r\n", star.Out, StringComparison.Ordinal);
        Assert.Contains("\r\nAllow: GET, HEAD, OPTIONS, POST, PUT\r\n", star.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cookies_with_a_cookie_jar()
    {
        var jar = Path.Combine(_folder, "cookies.txt");
        var login = await CurlAsync("--cookie-jar", jar, Url + "/login");
        Assert.True(login.Exit == 0, login.Err);
        Assert.Contains("#HttpOnly_127.0.0.1", await File.ReadAllTextAsync(jar), StringComparison.Ordinal);
        Assert.Equal("session=s3cret", (await CurlAsync("--cookie", jar, Url + "/me")).Out);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Compressed_responses_are_decoded_by_curl(string coding)
    {
        var text = string.Concat(Enumerable.Range(0, 2000).Select(i => $"<p>paragraph {i % 10}</p>\n"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "page.html"), text);
        await using var server = await MiniHttpServerTests.StartAsync(
            s => s.Map("GET", "/page", (_, response) => response.SendTextAsync(text, "text/html; charset=utf-8").AsTask()).MapStaticFiles("/files", _folder),
            configure: o => o.Compression = new HttpCompressionOptions());
        foreach (var target in new[] { "/page", "/files/page.html" })
        {
            var head = Path.Combine(_folder, "compressed.head");
            var result = await CurlAsync(
                "--compressed", "-H", $"Accept-Encoding: {coding}", "--dump-header", head, "--write-out", "\n%{size_download}",
                $"http://{server.LocalEndPoint}{target}");
            Assert.True(result.Exit == 0, result.Err);
            var fields = await File.ReadAllLinesAsync(head);
            Assert.Contains($"Content-Encoding: {coding}", fields);
            Assert.Contains("Vary: Accept-Encoding", fields);
            var downloaded = long.Parse(result.Out[(result.Out.LastIndexOf('\n') + 1)..], CultureInfo.InvariantCulture);
            Assert.Equal(text, result.Out[..result.Out.LastIndexOf('\n')]);
            Assert.True(downloaded < text.Length / 10, $"{target}: {downloaded} bytes on the wire for {text.Length}");
        }
    }
}
