using System.Security.Cryptography;
using NetPrimitives.Http;
using NetPrimitives.Tests.Transport;
using NetPrimitives.Testing;
using static NetPrimitives.Tests.Http.HttpParserTestKit;

namespace NetPrimitives.Tests.Http;

public sealed class MultipartTests
{
    /// <summary>Whole-body adapter for the harness: the message lists each part's fields and bytes.</summary>
    private static MessageParser<string> Parser(string boundary, long maxData = long.MaxValue)
    {
        var parser = new MultipartParser(boundary);
        var text = new StringBuilder();
        long taken = 0;
        return (ref ReadOnlySequence<byte> buffer, out string message) =>
        {
            message = string.Empty;
            var work = buffer.Slice(taken);
            try
            {
                while (parser.TryRead(ref work, maxData, out var kind, out var data))
                {
                    switch (kind)
                    {
                        case MultipartEvent.PartHeaders:
                            text.Append("[" + string.Join(";", parser.Headers.Select(h => h.Key + "=" + h.Value)) + "]");
                            break;
                        case MultipartEvent.Data:
                            Assert.InRange(data.Length, 1, maxData);
                            text.Append(Encoding.UTF8.GetString(data.ToArray()));
                            break;
                        default:
                            message = text.ToString();
                            (parser, taken) = (new MultipartParser(boundary), 0);
                            text.Clear();
                            buffer = work;
                            return true;
                    }
                }

                taken = buffer.Length - work.Length;
                return false;
            }
            catch (HttpParseException ex)
            {
                (parser, taken) = (new MultipartParser(boundary), 0);
                text.Clear();
                throw StatusError.For(ex);
            }
        };
    }

    private const string Body =
        "preamble to ignore\r\n--XyZ\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nvalue with --XY and \r\n-- inside\r\n"
        + "--XyZ  \r\nContent-Disposition: form-data; name=\"file\"; filename=\"caf\u00e9.txt\"\r\nContent-Type: text/plain\r\n\r\nline1\r\nline2\r\n"
        + "--XyZ\r\n\r\nno headers\r\n--XyZ--";

    [Fact]
    public void Parses_parts_at_every_split_point()
    {
        var report = ParserHarness.VerifySplits(Parser("XyZ"), Encoding.UTF8.GetBytes(Body), options: new SplitOptions { MaxSplitPoints = 400 });
        Assert.True(report.IsConsistent, report.ToString());
        Assert.Null(report.Whole.Exception);
        Assert.Equal(
            "[Content-Disposition=form-data; name=\"field\"]value with --XY and \r\n-- inside"
            + "[Content-Disposition=form-data; name=\"file\"; filename=\"caf\u00e9.txt\";Content-Type=text/plain]line1\r\nline2"
            + "[]no headers",
            Assert.Single(report.Whole.Messages));
        Assert.Equal(0, report.Whole.RemainingBytes);
    }

    [Fact]
    public void Stops_at_the_close_delimiter_and_leaves_the_epilogue()
    {
        // The adapter above restarts after each body, so the epilogue is checked directly here.
        var parser = new MultipartParser("b");
        var buffer = new ReadOnlySequence<byte>(Bytes("--b\r\n\r\nx\r\n--b--\r\nepilogue"));
        var kinds = new List<MultipartEvent>();
        while (!parser.IsCompleted && parser.TryRead(ref buffer, 100, out var kind, out _))
        {
            kinds.Add(kind);
        }

        Assert.Equal([MultipartEvent.PartHeaders, MultipartEvent.Data, MultipartEvent.End], kinds);
        Assert.Equal("\r\nepilogue", Encoding.ASCII.GetString(buffer.ToArray()));
    }

    [Fact]
    public void Hands_out_data_in_small_pieces_without_waiting_for_the_part_end()
    {
        var report = ParserHarness.VerifySplits(Parser("XyZ", maxData: 3), Encoding.UTF8.GetBytes(Body), options: new SplitOptions { MaxSplitPoints = 100 });
        Assert.True(report.IsConsistent, report.ToString());

        // A part's body comes out before its closing delimiter has arrived.
        var parser = new MultipartParser("b");
        var buffer = new ReadOnlySequence<byte>(Bytes("--b\r\n\r\n0123456789"));
        Assert.True(parser.TryRead(ref buffer, 100, out var kind, out _));
        Assert.Equal(MultipartEvent.PartHeaders, kind);
        Assert.True(parser.TryRead(ref buffer, 100, out kind, out var data));
        Assert.Equal(MultipartEvent.Data, kind);
        Assert.Equal("012345", Encoding.ASCII.GetString(data.ToArray())); // the last 4 bytes could begin "\r\n--b"
    }

    [Theory]
    [InlineData("--b\r\nContent-Disposition form-data\r\n\r\nx\r\n--b--", "RFC 7578 §4.1: header without colon")]
    [InlineData("--b\r\nX: 1\n\r\nx\r\n--b--", "RFC 2046 §5.1.1: header line ending in bare LF")]
    [InlineData("--bX\r\n\r\nx\r\n--b--", "RFC 2046 §5.1.1: garbage after the delimiter")]
    public void Rejects_malformed_bodies(string body, string rule)
    {
        var report = ParserHarness.VerifySplits(Parser("b"), Bytes(body));
        Assert.True(report.IsConsistent, $"{rule}: {report}");
        Assert.IsType<Status400>(report.Whole.Exception);
    }

    [Fact]
    public void File_name_keeps_only_the_last_segment()
    {
        Assert.Equal("passwd", MultipartSection.DispositionParameter("form-data; name=\"f\"; filename=\"../../etc/passwd\"", "filename"));
        Assert.Equal("a.txt", MultipartSection.DispositionParameter("form-data; name=\"f\"; filename=\"C:\\\\x\\\\a.txt\"", "filename"));
        Assert.Equal("f", MultipartSection.DispositionParameter("form-data; name=f", "name"));
    }

    [Fact]
    public async Task Server_saves_a_5_MB_upload_to_disk_and_reports_fields()
    {
        var folder = Directory.CreateTempSubdirectory("np-upload-").FullName;
        try
        {
            await using var server = await MiniHttpServerTests.StartAsync(s => s.Map("POST", "/upload", async (request, response) =>
            {
                var form = await request.ReadMultipartFormAsync(folder);
                var file = Assert.Single(form.Files);
                var hash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(file.Path)));
                await response.SendTextAsync($"{form.Fields["title"]}|{file.Name}|{file.FileName}|{file.ContentType}|{file.Length}|{hash}");
            }));
            var payload = new byte[5 * 1024 * 1024];
            new Random(5).NextBytes(payload);
            using var content = new MultipartFormDataContent("----np-boundary");
            content.Add(new StringContent("Résumé"), "title");
            var fileContent = new ByteArrayContent(payload);
            fileContent.Headers.ContentType = new("application/octet-stream");
            content.Add(fileContent, "upload", "data.bin");

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var response = await http.PostAsync($"http://{server.LocalEndPoint}/upload", content);
            Assert.Equal(
                $"Résumé|upload|data.bin|application/octet-stream|{payload.Length}|{Convert.ToHexString(SHA256.HashData(payload))}",
                await response.Content.ReadAsStringAsync());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Upload_over_the_body_limit_is_413_and_leaves_no_file()
    {
        var folder = Directory.CreateTempSubdirectory("np-upload-").FullName;
        try
        {
            await using var server = await MiniHttpServerTests.StartAsync(
                s => s.Map("POST", "/upload", async (request, response) => await request.ReadMultipartFormAsync(folder)),
                o => o.Limits.MaxRequestBodySize = 100_000);
            await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
            var head = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n";
            var part = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n";
            var chunk = part + new string('z', 200_000);
            await client.SendAsync(head + chunk.Length.ToString("X", System.Globalization.CultureInfo.InvariantCulture) + "\r\n" + chunk + "\r\n");
            Assert.Equal(413, (await client.ReadResponseAsync()).StatusCode);
            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Upload_going_over_the_limit_partway_through_a_file_leaves_no_partial_file()
    {
        var folder = Directory.CreateTempSubdirectory("np-upload-").FullName;
        var handlerEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using var server = await StartUploadServerAsync(folder, handlerEnded, o => o.Limits.MaxRequestBodySize = 100_000);
            await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
            var head = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n";
            await client.SendAsync(head + Chunk("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n"));

            // 10 KB chunks: the file is open and growing when the body passes 100,000 bytes.
            for (var i = 0; i < 12; i++)
            {
                await client.SendAsync(Chunk(new string('z', 10_000)));
            }

            Assert.Equal(413, (await client.ReadResponseAsync()).StatusCode);
            await handlerEnded.Task.WaitAsync(RawHttpClient.Timeout);
            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Client_leaving_partway_through_a_file_leaves_no_partial_file()
    {
        var folder = Directory.CreateTempSubdirectory("np-upload-").FullName;
        var handlerEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using var server = await StartUploadServerAsync(folder, handlerEnded);
            using var watcher = new FileSystemWatcher(folder);
            Action? created = null;
            watcher.Created += (_, _) => created?.Invoke();
            watcher.EnableRaisingEvents = true;
            var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
            await using (client)
            {
                var head = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n";
                await client.SendAsync(head + "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n" + new string('z', 50_000));

                // The file exists and is being written before the client goes (the folder's watcher says when to look).
                await PipeRead.UntilAsync(() => Directory.GetFiles(folder).Length > 0, "the upload's file exists", h => created += h, h => created -= h);
                Assert.Single(Directory.GetFiles(folder));
            }

            await handlerEnded.Task.WaitAsync(RawHttpClient.Timeout);
            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("", "without Content-Disposition")]
    [InlineData("Content-Type: text/plain\r\n", "without Content-Disposition")]
    [InlineData("Content-Disposition: form-data\r\n", "without a name")]
    [InlineData("Content-Disposition: form-data; filename=\"x.txt\"\r\n", "without a name")]
    [InlineData("Content-Disposition: attachment; name=\"f\"\r\n", "not form-data")]
    public async Task A_part_without_a_form_data_disposition_and_name_is_400_and_the_server_keeps_serving(string partHeaders, string reason)
    {
        var folder = Directory.CreateTempSubdirectory("np-upload-").FullName;
        try
        {
            await using var server = await MiniHttpServerTests.StartAsync(s =>
            {
                s.Map("POST", "/upload", async (request, response) =>
                {
                    var form = await request.ReadMultipartFormAsync(folder);
                    await response.SendTextAsync(form.Fields.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                });
                s.Map("GET", "/ok", (request, response) => response.SendTextAsync("ok").AsTask());
            });
            await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
            var body = "--b\r\nContent-Disposition: form-data; name=\"good\"\r\n\r\n1\r\n--b\r\n" + partHeaders + "\r\nsecond\r\n--b--\r\n";
            await client.SendAsync(
                $"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");

            var response = await client.ReadResponseAsync();
            Assert.Equal(400, response.StatusCode);
            Assert.Contains(reason, response.Text);
            Assert.Empty(Directory.GetFiles(folder));

            await using var other = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
            await other.SendAsync("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal("ok", (await other.ReadResponseAsync()).Text);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // A server whose /upload saves multipart files into folder and signals when the handler has ended, however it ended.
    private static Task<MiniHttpServer> StartUploadServerAsync(string folder, TaskCompletionSource handlerEnded, Action<MiniHttpServerOptions>? configure = null) =>
        MiniHttpServerTests.StartAsync(
            s => s.Map("POST", "/upload", async (request, response) =>
            {
                try
                {
                    await request.ReadMultipartFormAsync(folder);
                }
                finally
                {
                    handlerEnded.TrySetResult();
                }
            }),
            configure);

    private static string Chunk(string data) =>
        data.Length.ToString("X", System.Globalization.CultureInfo.InvariantCulture) + "\r\n" + data + "\r\n";
}
