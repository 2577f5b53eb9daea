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
    [InlineData("photo.avif", "image/avif")]
    [InlineData("photo.webp", "image/webp")]
    [InlineData("PHOTO.AVIF", "image/avif")] // extensions are case-insensitive
    [InlineData("app.wasm", "application/wasm")]
    [InlineData("module.mjs", "text/javascript; charset=utf-8")]
    [InlineData("site.webmanifest", "application/manifest+json")]
    [InlineData("font.woff2", "font/woff2")]
    [InlineData("archive.tar.gz", "application/gzip")] // the last extension counts
    [InlineData("data.unknownext", "application/octet-stream")]
    [InlineData("noextension", "application/octet-stream")]
    public async Task Content_types_come_from_the_extension(string name, string type)
    {
        await File.WriteAllTextAsync(Path.Combine(Root, name), "x");
        var response = await GetAsync("/" + name);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(type, response["Content-Type"]);
    }

    [Fact]
    public async Task The_content_type_map_is_the_users_to_extend()
    {
        await File.WriteAllTextAsync(Path.Combine(Root, "scene.glb"), "x");
        var options = new StaticFileOptions();
        options.ContentTypes[".glb"] = "model/gltf-binary";
        options.ContentTypes[".TXT"] = "text/plain; charset=windows-1252"; // replaces .txt: keys are case-insensitive
        options.ContentTypes.Remove(".css");
        await using var server = await MiniHttpServerTests.StartAsync(s => s.MapStaticFiles("/", Root, options));
        options.ContentTypes[".glb"] = "changed/later"; // read at MapStaticFiles: later changes do not race requests

        async Task<string?> TypeAsync(string target)
        {
            await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
            await client.SendAsync($"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n");
            return (await client.ReadResponseAsync())["Content-Type"];
        }

        Assert.Equal("model/gltf-binary", await TypeAsync("/scene.glb"));
        Assert.Equal("text/plain; charset=windows-1252", await TypeAsync("/hello.txt"));
        Assert.Equal("application/octet-stream", await TypeAsync("/sub/a%20b.css"));
        Assert.Equal("text/html; charset=utf-8", await TypeAsync("/index.html"));
    }

    [Theory]
    [InlineData("glb", "model/gltf-binary")] // no dot: could never be found
    [InlineData(".", "x/y")]
    [InlineData(".tar.gz", "application/gzip")] // a file's extension is its last one only
    [InlineData(".a/b", "x/y")]
    [InlineData(".glb", "model/gltf-binary\r\nSet-Cookie: a=b")] // response splitting
    [InlineData(".glb", "")]
    public void Invalid_content_type_entries_are_refused_when_mapped(string extension, string type)
    {
        var options = new StaticFileOptions();
        options.ContentTypes[extension] = type;
        var server = new MiniHttpServer(new MiniHttpServerOptions());
        Assert.Throws<ArgumentException>(() => server.MapStaticFiles("/", Root, options));
        Assert.Throws<ArgumentException>(() => server.MapStaticFiles("/{x}", Root));
        Assert.Throws<ArgumentException>(() => server.MapStaticFiles("static", Root));
    }

    [Theory]
    [InlineData("r")] // IMF-fixdate
    [InlineData("dddd, dd-MMM-yy HH:mm:ss 'GMT'")] // RFC 850
    [InlineData("ddd MMM d HH:mm:ss yyyy")] // asctime (the day padded below)
    public async Task If_modified_since_is_read_in_all_three_date_forms(string format)
    {
        var path = Path.Combine(Root, "dated.txt");
        await File.WriteAllTextAsync(path, "dated");
        var modified = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, modified);

        string Form(DateTime date)
        {
            var text = date.ToString(format, CultureInfo.InvariantCulture);
            return format.StartsWith("ddd MMM", StringComparison.Ordinal) && date.Day < 10 ? text.Replace($" {date.Day} ", $"  {date.Day} ", StringComparison.Ordinal) : text;
        }

        Assert.Equal(304, (await GetAsync("/dated.txt", $"If-Modified-Since: {Form(modified)}\r\n")).StatusCode);
        Assert.Equal(304, (await GetAsync("/dated.txt", $"If-Modified-Since: {Form(modified.AddDays(1))}\r\n")).StatusCode);
        Assert.Equal(200, (await GetAsync("/dated.txt", $"If-Modified-Since: {Form(modified.AddSeconds(-1))}\r\n")).StatusCode);
    }

    [Theory]
    [InlineData("Sat, 03 Feb 2001 04:05:06 UTC")] // not an HTTP-date: ignored (§13.1.3)
    [InlineData("Sat, 03 Feb 2001 04:05:06 GMT, Sat, 03 Feb 2001 04:05:06 GMT")] // more than one member: ignored
    [InlineData("yesterday")]
    public async Task An_invalid_if_modified_since_is_ignored(string value)
    {
        var path = Path.Combine(Root, "dated.txt");
        await File.WriteAllTextAsync(path, "dated");
        File.SetLastWriteTimeUtc(path, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        Assert.Equal(200, (await GetAsync("/dated.txt", $"If-Modified-Since: {value}\r\n")).StatusCode);
        Assert.Equal(200, (await GetAsync("/dated.txt", $"If-Modified-Since: Sat, 03 Feb 2001 04:05:06 GMT\r\nIf-Modified-Since: {value}\r\n")).StatusCode);
    }

    [Fact]
    public async Task If_none_match_takes_lists_weak_tags_and_star()
    {
        var etag = (await GetAsync("/hello.txt"))["ETag"]!;
        Assert.Equal(304, (await GetAsync("/hello.txt", $"If-None-Match: W/{etag}\r\n")).StatusCode); // weak comparison (§13.1.2)
        Assert.Equal(304, (await GetAsync("/hello.txt", $"If-None-Match: \"a,b\", W/\"x\",{etag}\r\n")).StatusCode);
        Assert.Equal(304, (await GetAsync("/hello.txt", $"If-None-Match: \"other\"\r\nIf-None-Match: {etag}\r\n")).StatusCode); // one list
        Assert.Equal(304, (await GetAsync("/hello.txt", "If-None-Match: *\r\n")).StatusCode);
        Assert.Equal(304, (await GetAsync("/hello.txt", $"If-None-Match: {etag}\r\n", head: true)).StatusCode);
        Assert.Equal(200, (await GetAsync("/hello.txt", "If-None-Match: \"other\", W/\"other\"\r\n")).StatusCode);

        // A list that does not parse is no condition: the file, whatever If-Modified-Since says.
        var lastModified = (await GetAsync("/hello.txt"))["Last-Modified"];
        Assert.Equal(200, (await GetAsync("/hello.txt", $"If-None-Match: {etag[1..]}\r\nIf-Modified-Since: {lastModified}\r\n")).StatusCode);
        Assert.Equal(200, (await GetAsync("/hello.txt", $"If-None-Match: {etag} junk\r\n")).StatusCode);
    }

    [Fact]
    public async Task If_range_takes_a_date_in_any_form_exactly()
    {
        var path = Path.Combine(Root, "old.txt");
        await File.WriteAllTextAsync(path, "0123456789abcdef");
        var modified = new DateTime(2001, 2, 13, 4, 5, 6, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, modified);
        const string Range = "Range: bytes=0-3\r\n";
        Assert.Equal(206, (await GetAsync("/old.txt", $"{Range}If-Range: Tuesday, 13-Feb-01 04:05:06 GMT\r\n")).StatusCode);
        Assert.Equal(206, (await GetAsync("/old.txt", $"{Range}If-Range: Tue Feb 13 04:05:06 2001\r\n")).StatusCode);
        Assert.Equal(200, (await GetAsync("/old.txt", $"{Range}If-Range: Tue Feb 13 04:05:07 2001\r\n")).StatusCode); // exact only
        Assert.Equal(200, (await GetAsync("/old.txt", $"{Range}If-Range: Tue, 13 Feb 2001 04:05:05 GMT\r\n")).StatusCode);
        Assert.Equal(200, (await GetAsync("/old.txt", $"{Range}If-Range: not a date\r\n")).StatusCode);

        var etag = (await GetAsync("/old.txt"))["ETag"]!;
        Assert.Equal(200, (await GetAsync("/old.txt", $"{Range}If-Range: {etag}, {etag}\r\n")).StatusCode); // one tag, not a list
        Assert.Equal(206, (await GetAsync("/old.txt", $"{Range}If-Range:  {etag} \r\n")).StatusCode);
    }

    [Theory]
    [InlineData("bytes=0-3", 206, "0123", "bytes 0-3/16")]
    [InlineData("bytes=10-", 206, "abcdef", "bytes 10-15/16")]
    [InlineData("bytes=-4", 206, "cdef", "bytes 12-15/16")]
    [InlineData("bytes=14-99", 206, "ef", "bytes 14-15/16")]
    [InlineData("bytes=16-20", 416, null, "bytes */16")]
    [InlineData("bytes=0-5,3-8", 206, "012345678", "bytes 0-8/16")] // overlapping: coalesced into one range, no multipart
    [InlineData("bytes=0-1,100-200", 206, "01", "bytes 0-1/16")] // the unsatisfiable one is dropped
    [InlineData("bytes=100-200,300-", 416, null, "bytes */16")]
    [InlineData("bytes=0-1,x", 200, "0123456789abcdef", null)] // an invalid spec: Range ignored (§14.1.1)
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
    public async Task Several_ranges_are_sent_as_multipart_byteranges()
    {
        // RFC 9110 §14.6: 206, multipart/byteranges with a boundary, each part with Content-Type and Content-Range.
        var response = await GetAsync("/hello.txt", "Range: bytes=10-12, 0-3,-1\r\n");
        Assert.Equal(206, response.StatusCode);
        Assert.Null(response["Content-Range"]);
        Assert.Equal(response.Body.Length.ToString(CultureInfo.InvariantCulture), response["Content-Length"]);
        var parts = ByteRangesBody.Parse(response.Body, ByteRangesBody.Boundary(response["Content-Type"]!));
        Assert.Equal(
            ["abc @10-12/16 text/plain; charset=utf-8", "0123 @0-3/16 text/plain; charset=utf-8", "f @15-15/16 text/plain; charset=utf-8"],
            parts.Select(p => $"{Encoding.ASCII.GetString(p.Data)} @{p.Start}-{p.End}/{p.Length} {p.ContentType}"));
        Assert.NotNull(response["ETag"]);
    }

    [Fact]
    public async Task Multipart_ranges_of_a_large_file_are_streamed_exactly()
    {
        var data = new byte[3 * 1024 * 1024 + 7];
        new Random(9).NextBytes(data);
        await File.WriteAllBytesAsync(Path.Combine(Root, "big.bin"), data);
        var response = await GetAsync("/big.bin", "Range: bytes=1-200000,1048570-2500000,-70000\r\n");
        Assert.Equal(206, response.StatusCode);
        var parts = ByteRangesBody.Parse(response.Body, ByteRangesBody.Boundary(response["Content-Type"]!));
        Assert.Equal(3, parts.Count);
        foreach (var part in parts)
        {
            Assert.Equal("application/octet-stream", part.ContentType);
            Assert.Equal(data.Length, part.Length);
            Assert.True(data.AsSpan((int)part.Start, (int)(part.End - part.Start + 1)).SequenceEqual(part.Data), $"part {part.Start}-{part.End}");
        }

        Assert.Equal([1L, 1048570L, data.Length - 70000L], parts.Select(p => p.Start));
    }

    [Fact]
    public async Task Too_many_ranges_get_the_whole_file()
    {
        // §14.2: a server MAY ignore a Range with many small ranges (a denial-of-service pattern): 17 > the cap of 16.
        var many = string.Join(',', Enumerable.Range(0, 17).Select(i => $"{i % 16}-{i % 16}"));
        var response = await GetAsync("/hello.txt", $"Range: bytes={many}\r\n");
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("0123456789abcdef", response.Text);
    }

    [Fact]
    public async Task Range_on_head_is_ignored()
    {
        // §14.2: GET is the only method for which range handling is defined.
        var response = await GetAsync("/hello.txt", "Range: bytes=0-3,5-6\r\n", head: true);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("16", response["Content-Length"]);
        Assert.Null(response["Content-Range"]);
    }

    [Fact]
    public async Task If_range_mismatch_sends_the_whole_file()
    {
        var response = await GetAsync("/hello.txt", "Range: bytes=0-3\r\nIf-Range: \"stale\"\r\n");
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(16, response.Body.Length);
    }

    [Fact]
    public async Task If_range_follows_rfc_9110_section_13_1_5()
    {
        var path = Path.Combine(Root, "old.txt");
        await File.WriteAllTextAsync(path, "0123456789abcdef");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1));
        var first = await GetAsync("/old.txt");
        var etag = first["ETag"]!;
        var lastModified = first["Last-Modified"]!;
        const string Ranges = "Range: bytes=0-1,4-5\r\n";

        // A matching strong entity tag, or the exact Last-Modified date of a file changed long enough ago: the ranges.
        Assert.Equal(206, (await GetAsync("/old.txt", $"{Ranges}If-Range: {etag}\r\n")).StatusCode);
        Assert.Equal(206, (await GetAsync("/old.txt", $"{Ranges}If-Range: {lastModified}\r\n")).StatusCode);

        // A weak tag never matches (strong comparison), nor does another date: the whole file.
        Assert.Equal(200, (await GetAsync("/old.txt", $"{Ranges}If-Range: W/{etag}\r\n")).StatusCode);
        Assert.Equal(200, (await GetAsync("/old.txt", $"{Ranges}If-Range: Mon, 01 Jan 2001 00:00:00 GMT\r\n")).StatusCode);

        // §8.8.2.2: a Last-Modified less than a second before now (here: in the future) is weak, so a date cannot match.
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(1));
        var future = await GetAsync("/old.txt");
        var response = await GetAsync("/old.txt", $"{Ranges}If-Range: {future["Last-Modified"]}\r\n");
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("0123456789abcdef", response.Text);
        Assert.Equal(206, (await GetAsync("/old.txt", $"{Ranges}If-Range: {future["ETag"]}\r\n")).StatusCode);
    }

    [Fact]
    public async Task Ranges_can_be_turned_off()
    {
        await using var server = await MiniHttpServerTests.StartAsync(s => s.MapStaticFiles("/", Root, new StaticFileOptions { MaxRanges = 0 }));
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("GET /hello.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=0-3\r\n\r\n");
        var response = await client.ReadResponseAsync();
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("none", response["Accept-Ranges"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StaticFileOptions { MaxRanges = -1 });
    }

    [Theory]
    [InlineData("/index.html/")]
    [InlineData("/hello.txt/")]
    [InlineData("/hello.txt//")]
    [InlineData("/sub/a%20b.css/")]
    [InlineData("/static/hello.txt/")]
    [InlineData("/link-in.txt/")]
    public async Task A_file_named_as_a_folder_is_404(string target)
    {
        var response = await GetAsync(target);
        Assert.Equal(404, response.StatusCode);
        Assert.Equal("0123456789abcdef", (await GetAsync("/hello.txt")).Text);
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
