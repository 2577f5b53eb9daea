using NetPrimitives.Http;

namespace NetPrimitives.Tests.Http;

/// <summary>HttpResponse bodies from streams and files, and Connection: close, over a real socket.</summary>
public sealed class ResponseBodySourceTests
{
    private static readonly byte[] Payload = [.. Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7))];

    [Fact]
    public async Task Seekable_stream_is_sent_with_its_remaining_length()
    {
        await using var server = await MiniHttpServerTests.StartAsync(s => s.Map("GET", "/s", (request, response) =>
        {
            var stream = new MemoryStream(Payload) { Position = 1000 };
            return response.SendStreamAsync(stream, "application/octet-stream");
        }));
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);

        await client.SendAsync("GET /s HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response.StatusCode);
        Assert.Equal((Payload.Length - 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), response["Content-Length"]);
        Assert.Equal("application/octet-stream", response["Content-Type"]);
        Assert.Equal(Payload[1000..], response.Body);
    }

    [Fact]
    public async Task Stream_of_unknown_length_is_sent_chunked()
    {
        await using var server = await MiniHttpServerTests.StartAsync(s => s.Map("GET", "/s", (request, response) =>
            response.SendStreamAsync(new ForwardOnlyStream(Payload))));
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);

        await client.SendAsync("GET /s HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal("chunked", response["Transfer-Encoding"]);
        Assert.Null(response["Content-Length"]);
        Assert.Equal(Payload, response.Body);
    }

    [Fact]
    public async Task File_is_sent_with_length_and_last_modified_and_head_gets_no_body()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, Payload);
            var modified = new DateTime(2026, 11, 1, 12, 30, 15, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(path, modified);
            await using var server = await MiniHttpServerTests.StartAsync(s => s.Map("GET", "/f", (request, response) =>
                response.SendFileAsync(path, "application/octet-stream")));
            await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);

            await client.SendAsync("GET /f HTTP/1.1\r\nHost: x\r\n\r\n");
            var get = await client.ReadResponseAsync();
            await client.SendAsync("HEAD /f HTTP/1.1\r\nHost: x\r\n\r\n");
            var head = await client.ReadResponseAsync(headOnly: true);

            Assert.Equal(Payload, get.Body);
            Assert.Equal(modified.ToString("r", System.Globalization.CultureInfo.InvariantCulture), get["Last-Modified"]);
            Assert.Equal(get["Content-Length"], head["Content-Length"]);
            Assert.Equal(get["Last-Modified"], head["Last-Modified"]);

            // HEAD sent no body: the next response on the connection starts right away.
            await client.SendAsync("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(404, (await client.ReadResponseAsync()).StatusCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Connection_close_from_the_client_is_answered_and_the_connection_closed()
    {
        // RFC 9112 §9.6: a request with "Connection: close" is the last on its connection.
        await using var server = await MiniHttpServerTests.StartAsync(s => s.Map("GET", "/", (request, response) =>
            response.SendTextAsync("bye").AsTask()));
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal("bye", response.Text);
        Assert.Equal("close", response["Connection"]);
        Assert.True(await client.IsClosedAsync());
    }

    /// <summary>A stream that cannot seek, so its length is unknown to the response.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7000));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
