using System.Globalization;
using System.IO.Compression;
using System.Net;
using NetPrimitives.Http;

namespace NetPrimitives.Tests.Http;

/// <summary>Opt-in response compression over a loopback socket: what is compressed, how it is framed, what is not.</summary>
public sealed class ResponseCompressionTests : IAsyncLifetime
{
    private static readonly string Text = string.Concat(Enumerable.Range(0, 400).Select(i => $"line {i % 7} of a compressible text\n"));
    private readonly string _root = Directory.CreateTempSubdirectory("np-compress-").FullName;
    private MiniHttpServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_root, "big.txt"), Text);
        await File.WriteAllTextAsync(Path.Combine(_root, "big.png"), Text);
        await File.WriteAllTextAsync(Path.Combine(_root, "small.css"), "body{}");
        _server = await MiniHttpServerTests.StartAsync(
            s => s
                .Map("GET", "/text", (_, response) => response.SendTextAsync(Text).AsTask())
                .Map("GET", "/small", (_, response) => response.SendTextAsync("tiny").AsTask())
                .Map("GET", "/stream", async (_, response) =>
                {
                    response.ContentType = "application/json";
                    foreach (var piece in Text.Chunk(100))
                    {
                        await response.WriteAsync(Encoding.UTF8.GetBytes(piece));
                    }
                })
                .Map("GET", "/declared", async (request, response) =>
                {
                    var body = Encoding.UTF8.GetBytes(Text);
                    response.ContentType = "text/plain";
                    response.ContentLength = body.Length - (request.Query["lie"] is null ? 0 : 1);
                    await response.WriteAsync(body.AsMemory(0, 1000));
                    await response.WriteAsync(body.AsMemory(1000));
                })
                .Map("GET", "/png", (_, response) => response.SendAsync(Encoding.UTF8.GetBytes(Text), "image/png").AsTask())
                .Map("GET", "/events", (_, response) => response.SendTextAsync(Text, "text/event-stream").AsTask())
                .Map("GET", "/encoded", (_, response) =>
                {
                    response.Headers.Set("Content-Encoding", "gzip");
                    return response.SendAsync(Gzip(Text), "text/plain").AsTask();
                })
                .Map("GET", "/tagged", (_, response) =>
                {
                    response.Headers.Set("ETag", "\"v1\"");
                    response.Headers.Set("Vary", "Cookie");
                    return response.SendTextAsync(Text).AsTask();
                })
                .Map("GET", "/random", (_, response) =>
                {
                    var noise = new byte[4000];
                    new Random(5).NextBytes(noise);
                    return response.SendAsync(noise, "text/plain").AsTask();
                })
                .Map("GET", "/fail", async (_, response) =>
                {
                    response.ContentType = "text/plain";
                    await response.WriteAsync(Encoding.UTF8.GetBytes(Text));
                    throw new InvalidOperationException("after the head");
                })
                .MapStaticFiles("/files", _root),
            configure: o => o.Compression = new HttpCompressionOptions());
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private async Task<RawResponse> GetAsync(string target, string? acceptEncoding = "gzip, deflate, br", string extra = "", string method = "GET")
    {
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        var accept = acceptEncoding is null ? string.Empty : $"Accept-Encoding: {acceptEncoding}\r\n";
        await client.SendAsync($"{method} {target} HTTP/1.1\r\nHost: x\r\n{accept}{extra}\r\n");
        return await client.ReadResponseAsync(headOnly: method == "HEAD");
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    // The connection closed without the last chunk: the client cannot take a cut body for a whole one.
    private static void AssertTruncated(byte[] rest) =>
        Assert.False(Encoding.ASCII.GetString(rest).EndsWith("0\r\n\r\n", StringComparison.Ordinal), "the chunked body was ended");

    private static string Decode(RawResponse response)
    {
        using var input = new MemoryStream(response.Body);
        using Stream decoder = response["Content-Encoding"] switch
        {
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            null => input,
            var other => throw new InvalidOperationException(other),
        };
        using var reader = new StreamReader(decoder, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Theory]
    [InlineData("gzip, deflate, br, zstd", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("br;q=0.5, gzip", "gzip")]
    public async Task A_whole_body_is_compressed_with_its_length(string accept, string coding)
    {
        var response = await GetAsync("/text", accept);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(coding, response["Content-Encoding"]);
        Assert.Equal("Accept-Encoding", response["Vary"]);
        Assert.Equal(response.Body.Length.ToString(CultureInfo.InvariantCulture), response["Content-Length"]);
        Assert.True(response.Body.Length < Text.Length / 4, $"{response.Body.Length} bytes");
        Assert.Equal(Text, Decode(response));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("identity")]
    [InlineData("br;q=0, gzip;q=0")]
    [InlineData("*;q=0")]
    [InlineData("gzip;q=0.5, identity;q=1")]
    [InlineData("deflate, zstd")]
    public async Task A_client_that_accepts_no_offered_coding_gets_identity_and_vary(string? accept)
    {
        var response = await GetAsync("/text", accept);
        Assert.Null(response["Content-Encoding"]);
        Assert.Equal("Accept-Encoding", response["Vary"]); // a cache must still tell the variants apart
        Assert.Equal(Text, response.Text);
    }

    [Fact]
    public async Task A_streamed_body_is_compressed_chunked()
    {
        var response = await GetAsync("/stream", "gzip");
        Assert.Equal("gzip", response["Content-Encoding"]);
        Assert.Equal("chunked", response["Transfer-Encoding"]);
        Assert.Null(response["Content-Length"]);
        Assert.Equal(Text, Decode(response));
    }

    [Fact]
    public async Task A_declared_length_is_replaced_and_still_enforced()
    {
        var response = await GetAsync("/declared", "br");
        Assert.Equal("br", response["Content-Encoding"]);
        Assert.Null(response["Content-Length"]); // the compressed length is not known before the end
        Assert.Equal(Text, Decode(response));

        // A handler that writes more than it declared is still stopped, and the connection closed.
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync("GET /declared?lie=1 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\n\r\n");
        Assert.Equal("br", (await client.ReadResponseAsync(headOnly: true))["Content-Encoding"]);
        AssertTruncated(await client.ReadToEndAsync());
        Assert.Equal(200, (await GetAsync("/text")).StatusCode);
    }

    [Fact]
    public async Task Http10_gets_a_compressed_body_delimited_by_close()
    {
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync("GET /stream HTTP/1.0\r\nAccept-Encoding: gzip\r\n\r\n");
        var response = await client.ReadResponseAsync(untilClose: true);
        Assert.Equal("gzip", response["Content-Encoding"]);
        Assert.Equal("close", response["Connection"]);
        Assert.Equal(Text, Decode(response));
    }

    [Theory]
    [InlineData("/small")] // under MinimumSize
    [InlineData("/png")] // already compressed types are not listed
    [InlineData("/events")] // an event stream must not be held back
    [InlineData("/files/big.png")]
    [InlineData("/files/small.css")]
    public async Task What_gains_nothing_is_sent_as_it_is_without_vary(string target)
    {
        var response = await GetAsync(target);
        Assert.Equal(200, response.StatusCode);
        Assert.Null(response["Content-Encoding"]);
        Assert.Null(response["Vary"]);
    }

    [Fact]
    public async Task A_body_that_would_grow_is_sent_as_it_is()
    {
        var response = await GetAsync("/random", "gzip");
        Assert.Null(response["Content-Encoding"]);
        Assert.Equal("Accept-Encoding", response["Vary"]);
        Assert.Equal(4000, response.Body.Length);
    }

    [Fact]
    public async Task A_response_the_handler_encoded_is_not_encoded_again()
    {
        var response = await GetAsync("/encoded", "br, gzip");
        Assert.Equal("gzip", response["Content-Encoding"]);
        Assert.Equal(Text, Decode(response));
    }

    [Fact]
    public async Task A_strong_etag_becomes_weak_and_vary_is_appended()
    {
        var response = await GetAsync("/tagged", "gzip");
        Assert.Equal("W/\"v1\"", response["ETag"]); // RFC 9110 §8.8.3: another representation, not the same bytes
        Assert.Equal(["Cookie", "Accept-Encoding"], response.Headers.Where(h => h.Key == "Vary").Select(h => h.Value));

        var identity = await GetAsync("/tagged", "identity");
        Assert.Equal("\"v1\"", identity["ETag"]);
    }

    [Fact]
    public async Task Static_files_are_compressed_streamed_but_never_ranges()
    {
        var full = await GetAsync("/files/big.txt", "br");
        Assert.Equal("br", full["Content-Encoding"]);
        Assert.Equal("Accept-Encoding", full["Vary"]);
        Assert.Null(full["Accept-Ranges"]); // ranges are of the identity body
        Assert.StartsWith("W/\"", full["ETag"], StringComparison.Ordinal);
        Assert.Equal(Text, Decode(full));

        // RFC 9110 §14: a range is of the unencoded representation, with its strong validator.
        var range = await GetAsync("/files/big.txt", "br", "Range: bytes=0-9\r\n");
        Assert.Equal(206, range.StatusCode);
        Assert.Null(range["Content-Encoding"]);
        Assert.Equal(Text[..10], range.Text);
        Assert.StartsWith("\"", range["ETag"], StringComparison.Ordinal);

        // If-Range with the weak tag of the compressed response never matches (strong comparison): the whole file.
        var stale = await GetAsync("/files/big.txt", "br", $"Range: bytes=0-9\r\nIf-Range: {full["ETag"]}\r\n");
        Assert.Equal(200, stale.StatusCode);
        Assert.Equal(Text, Decode(stale));
    }

    [Fact]
    public async Task An_error_page_after_a_files_plan_is_judged_on_its_own()
    {
        // The handler planned for big.txt (compressible, 16 KiB), then answers 416 with a small page: not compressed.
        var response = await GetAsync("/files/big.txt", "br", "Range: bytes=999999-\r\n");
        Assert.Equal(416, response.StatusCode);
        Assert.Null(response["Content-Encoding"]);
        Assert.Null(response["Vary"]);
        Assert.Contains("416", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_304_carries_the_vary_and_weak_tag_of_the_compressed_200()
    {
        var full = await GetAsync("/files/big.txt", "gzip");
        var notModified = await GetAsync("/files/big.txt", "gzip", $"If-None-Match: {full["ETag"]}\r\n");
        Assert.Equal(304, notModified.StatusCode);
        Assert.Equal("Accept-Encoding", notModified["Vary"]);
        Assert.Equal(full["ETag"], notModified["ETag"]);
        Assert.Null(notModified["Content-Encoding"]);

        // The identity tag matches too: weak comparison (§13.1.2).
        var identity = await GetAsync("/files/big.txt", "identity");
        Assert.Equal(304, (await GetAsync("/files/big.txt", "gzip", $"If-None-Match: {identity["ETag"]}\r\n")).StatusCode);
    }

    [Fact]
    public async Task Head_gets_the_coding_fields_without_a_body()
    {
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync("HEAD /files/big.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\nHEAD /text HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\nGET /small HTTP/1.1\r\nHost: x\r\n\r\n");
        foreach (var _ in new[] { "static", "handler" })
        {
            var head = await client.ReadResponseAsync(headOnly: true);
            Assert.Equal(200, head.StatusCode);
            Assert.Equal("gzip", head["Content-Encoding"]);
            Assert.Null(head["Content-Length"]); // §9.3.2: a length known only by compressing is left out
        }

        Assert.Equal("tiny", (await client.ReadResponseAsync()).Text); // no stray body bytes before it
    }

    [Fact]
    public async Task A_handler_failing_mid_body_aborts_its_response_and_the_server_goes_on()
    {
        await using var client = await RawHttpClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendAsync("GET /fail HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
        var head = await client.ReadResponseAsync(headOnly: true);
        Assert.Equal("gzip", head["Content-Encoding"]);
        AssertTruncated(await client.ReadToEndAsync());
        Assert.Equal(Text, Decode(await GetAsync("/text", "gzip")));
    }

    [Fact]
    public async Task HttpClient_decompresses_what_it_asked_for()
    {
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All }) { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var target in new[] { "/text", "/stream", "/declared", "/files/big.txt" })
        {
            Assert.Equal(Text, await http.GetStringAsync($"http://{_server.LocalEndPoint}{target}"));
        }
    }

    [Fact]
    public void Options_are_validated_and_off_without_a_coding()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpCompressionOptions { MinimumSize = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpCompressionOptions { Level = (CompressionLevel)42 });
        Assert.Null(ResponseCompression.From(null));
        Assert.Null(ResponseCompression.From(new HttpCompressionOptions { Brotli = false, Gzip = false }));

        var options = new HttpCompressionOptions();
        options.ContentTypes.Add("application/x-custom");
        options.ContentTypes.Remove("text/*");
        var compression = ResponseCompression.From(options)!;
        Assert.True(compression.IsCompressible("application/x-custom; charset=utf-8"));
        Assert.True(compression.IsCompressible("APPLICATION/JSON"));
        Assert.False(compression.IsCompressible("text/plain"));
        Assert.False(compression.IsCompressible("image/png"));
        Assert.False(compression.IsCompressible("nonsense"));
        Assert.False(compression.IsCompressible(null));
        Assert.True(ResponseCompression.From(new HttpCompressionOptions())!.IsCompressible(" text/html ; charset=utf-8"));
        Assert.False(ResponseCompression.From(new HttpCompressionOptions())!.IsCompressible("text/event-stream"));
    }
}
