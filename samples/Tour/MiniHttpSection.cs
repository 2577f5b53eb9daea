using System.Net.Http.Headers;
using NetPrimitives.Http;

/// <summary>The Tour's MiniHttpServer section: routes, a form upload, HEAD, 404 and the strict parser, on loopback.</summary>
internal static class MiniHttpSection
{
    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var server = new MiniHttpServer(new MiniHttpServerOptions());
        server.Map("GET", "/hello", (_, response) => response.SendTextAsync("Hello, World!").AsTask());
        server.Map("POST", "/upload", async (request, response) =>
        {
            var form = await request.ReadMultipartFormAsync(cancellationToken: cancellationToken);
            var files = string.Join(", ", form.Files.Select(f => $"{f.FileName} ({f.Length} bytes)"));
            form.Files.ToList().ForEach(f => File.Delete(f.Path));
            await response.SendTextAsync($"name={form.Fields["name"]}; files: {files}", cancellationToken: cancellationToken);
        });
        await server.StartAsync(cancellationToken);
        var url = $"http://{server.LocalEndPoint}";
        Console.WriteLine($"   MiniHttpServer listening on {url}");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Console.WriteLine($"   GET /hello      -> {await http.GetStringAsync(url + "/hello", cancellationToken)}");

        using var form = new MultipartFormDataContent { { new StringContent("tour"), "name" } };
        var file = new ByteArrayContent(new byte[100_000]);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "datafile", "zeros.bin");
        var upload = await http.PostAsync(url + "/upload", form, cancellationToken);
        Console.WriteLine($"   POST /upload    -> {await upload.Content.ReadAsStringAsync(cancellationToken)}");

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url + "/hello"), cancellationToken);
        Console.WriteLine($"   HEAD /hello     -> {(int)head.StatusCode}, Content-Length {head.Content.Headers.ContentLength}, no body");
        using var missing = await http.GetAsync(url + "/nowhere", cancellationToken);
        Console.WriteLine($"   GET /nowhere    -> {(int)missing.StatusCode} {missing.ReasonPhrase}");

        // The strict parser: a request with both Content-Length and Transfer-Encoding is refused (RFC 9112 §6.3).
        using var raw = new System.Net.Sockets.TcpClient();
        await raw.ConnectAsync(server.LocalEndPoint, cancellationToken);
        var stream = raw.GetStream();
        await stream.WriteAsync("POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray(), cancellationToken);
        var reply = new byte[256];
        var read = await stream.ReadAsync(reply, cancellationToken);
        Console.WriteLine($"   smuggling try   -> {System.Text.Encoding.ASCII.GetString(reply, 0, read).Split("\r\n")[0]}");

        await server.StopAsync(cancellationToken);
    }
}
