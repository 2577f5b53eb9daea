using System.Globalization;
using NetPrimitives.Http;

namespace NetPrimitives.Tests.Http;

public sealed class StaticFileTests : IAsyncLifetime
{
    private const string Secret = "TOP-SECRET-OUTSIDE-ROOT";
    private readonly string _base = Directory.CreateTempSubdirectory("np-static-").FullName;
    private MiniHttpServer _server = null!;

    private string Root => Path.Combine(_base, "root");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(Root, "sub"));
        Directory.CreateDirectory(Path.Combine(Root, "docs"));
        Directory.CreateDirectory(Path.Combine(_base, "outside"));
        await File.WriteAllTextAsync(Path.Combine(Root, "index.html"), "<h1>home</h1>");
        await File.WriteAllTextAsync(Path.Combine(Root, "hello.txt"), "0123456789abcdef");
        await File.WriteAllTextAsync(Path.Combine(Root, "sub", "a b.css"), "body{}");
        await File.WriteAllTextAsync(Path.Combine(Root, "docs", "<x>.txt"), "x");
        await File.WriteAllTextAsync(Path.Combine(_base, "secret.txt"), Secret);
        await File.WriteAllTextAsync(Path.Combine(_base, "outside", "secret.txt"), Secret);
        File.CreateSymbolicLink(Path.Combine(Root, "link-out.txt"), Path.Combine(_base, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "dir-out"), Path.Combine(_base, "outside"));
        File.CreateSymbolicLink(Path.Combine(Root, "link-in.txt"), Path.Combine(Root, "hello.txt"));
        _server = await MiniHttpServerTests.StartAsync(s => s
            .MapStaticFiles("/", Root, new StaticFileOptions { DirectoryListing = true })
            .MapStaticFiles("/static", Root));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_base, recursive: true);
    }

    private async Task<RawResponse> GetAsync(string target, string extraHeaders = "", bool head = false)
    {
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync($"{(head ? "HEAD" : "GET")} {target} HTTP/1.1\r\nHost: x\r\n{extraHeaders}\r\n");
        return await client.ReadResponseAsync(headOnly: head);
    }

    [Fact]
    public async Task Serves_index_files_types_and_validators()
    {
        var index = await GetAsync("/");
        Assert.Equal("<h1>home</h1>", index.Text);
        Assert.Equal("text/html; charset=utf-8", index["Content-Type"]);

        var file = await GetAsync("/sub/a%20b.css");
        Assert.Equal("body{}", file.Text);
        Assert.Equal("text/css; charset=utf-8", file["Content-Type"]);
        Assert.NotNull(file["ETag"]);
        Assert.Equal("bytes", file["Accept-Ranges"]);
        var modified = File.GetLastWriteTimeUtc(Path.Combine(Root, "sub", "a b.css"));
        Assert.Equal(modified.ToString("r", CultureInfo.InvariantCulture), file["Last-Modified"]);

        var prefixed = await GetAsync("/static/hello.txt");
        Assert.Equal("0123456789abcdef", prefixed.Text);

        var head = await GetAsync("/hello.txt", head: true);
        Assert.Equal("16", head["Content-Length"]);
        Assert.Equal("0123456789abcdef", (await GetAsync("/link-in.txt")).Text); // a link inside the root is fine
    }

    [Fact]
    public async Task Directory_without_slash_redirects_and_listing_escapes_names()
    {
        var redirect = await GetAsync("/docs");
        Assert.Equal(301, redirect.StatusCode);
        Assert.Equal("/docs/", redirect["Location"]);

        var listing = await GetAsync("/docs/");
        Assert.Contains("<a href=\"%3Cx%3E.txt\">&lt;x&gt;.txt</a>", listing.Text, StringComparison.Ordinal);
        Assert.Equal(404, (await GetAsync("/static/docs/")).StatusCode); // no listing on /static
    }

    [Fact]
    public async Task Conditional_requests_get_304()
    {
        var first = await GetAsync("/hello.txt");
        var etag = first["ETag"]!;
        var lastModified = first["Last-Modified"]!;

        var byTag = await GetAsync("/hello.txt", $"If-None-Match: \"other\", {etag}\r\n");
        Assert.Equal(304, byTag.StatusCode);
        Assert.Empty(byTag.Body);
        Assert.Equal(etag, byTag["ETag"]);

        Assert.Equal(304, (await GetAsync("/hello.txt", $"If-Modified-Since: {lastModified}\r\n")).StatusCode);
        Assert.Equal(200, (await GetAsync("/hello.txt", "If-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT\r\n")).StatusCode);

        // RFC 9110 §13.2.2: If-None-Match takes precedence; a mismatch means 200 whatever the date says.
        Assert.Equal(200, (await GetAsync("/hello.txt", $"If-None-Match: \"other\"\r\nIf-Modified-Since: {lastModified}\r\n")).StatusCode);
    }

    [Theory]
    [InlineData("bytes=0-3", 206, "0123", "bytes 0-3/16")]
    [InlineData("bytes=10-", 206, "abcdef", "bytes 10-15/16")]
    [InlineData("bytes=-4", 206, "cdef", "bytes 12-15/16")]
    [InlineData("bytes=14-99", 206, "ef", "bytes 14-15/16")]
    [InlineData("bytes=16-20", 416, null, "bytes */16")]
    [InlineData("bytes=0-1,4-5", 200, "0123456789abcdef", null)]
    [InlineData("items=0-1", 200, "0123456789abcdef", null)]
    [InlineData("bytes=5-2", 200, "0123456789abcdef", null)]
    public async Task Range_requests_follow_rfc_9110_section_14(string range, int status, string? body, string? contentRange)
    {
        var response = await GetAsync("/hello.txt", $"Range: {range}\r\n");
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(contentRange, response["Content-Range"]);
        if (body is not null)
        {
            Assert.Equal(body, response.Text);
        }
    }

    [Fact]
    public async Task If_range_mismatch_sends_the_whole_file()
    {
        var response = await GetAsync("/hello.txt", "Range: bytes=0-3\r\nIf-Range: \"stale\"\r\n");
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(16, response.Body.Length);
    }

    [Theory]
    [InlineData("/../secret.txt")]
    [InlineData("/%2e%2e/secret.txt")]
    [InlineData("/%2E%2E%2Fsecret.txt")]
    [InlineData("/sub/%2e%2e/%2e%2e/secret.txt")]
    [InlineData("/sub/..%2F..%2Fsecret.txt")]
    [InlineData("/..%5csecret.txt")]
    [InlineData("/sub%5c..%5c..%5csecret.txt")]
    [InlineData("/static/../../secret.txt")]
    [InlineData("/link-out.txt")]
    [InlineData("/dir-out/secret.txt")]
    [InlineData("/dir-out/")]
    [InlineData("/hello.txt%00.html")]
    [InlineData("/C:%5cWindows")]
    [InlineData("//secret.txt")]
    [InlineData("/%252e%252e/secret.txt")]
    [InlineData("http://x/../secret.txt")]
    public async Task Traversal_attempts_all_fail(string target)
    {
        var response = await GetAsync(target);
        Assert.DoesNotContain(Secret, response.Text, StringComparison.Ordinal);
        Assert.True(response.StatusCode is 404 or 400, $"{target}: {response.StatusLine}");
    }
}
