using System.Globalization;
using System.Net;
using System.Text;
using NetPrimitives.Http;
using NetPrimitives.Tcp;
using NetPrimitives.Transport;

namespace NetPrimitives.IntegrationTests.Samples;

/// <summary>samples/MiniHttp driven with HttpClient, and samples/WebClient (the seed's SITE PORT and a URL) against a MiniHttpServer, on loopback port 0.</summary>
public sealed class HttpSamplesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task MiniHttp_on_port_0_prints_its_real_port_and_serves_the_seed_pages()
    {
        var root = Directory.CreateTempSubdirectory("minihttp-sample-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root.FullName, "hello.txt"), "hello from the root\n");
            await using var server = SampleRunner.Start("MiniHttp", "--port", "0", "--root", root.FullName);
            const string Prefix = "Serving on http://";
            var line = await server.WaitForLineAsync(Prefix);
            Assert.EndsWith("/ (Ctrl-C stops)", line, StringComparison.Ordinal);
            var baseAddress = new Uri(line[(Prefix.Length - "http://".Length)..line.IndexOf(' ', Prefix.Length)]);
            Assert.Equal("127.0.0.1", baseAddress.Host);
            Assert.NotEqual(0, baseAddress.Port);
            Assert.NotEqual(8080, baseAddress.Port);

            using var http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout };

            using var echo = await http.GetAsync(new Uri("/?a=1", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
            var echoText = await echo.Content.ReadAsStringAsync();
            Assert.Contains("CLIENT VALUES:", echoText, StringComparison.Ordinal);
            Assert.Contains("command=GET", echoText, StringComparison.Ordinal);
            Assert.Contains("query=a=1", echoText, StringComparison.Ordinal);
            Assert.Contains($"Host=127.0.0.1:{baseAddress.Port}", echoText, StringComparison.OrdinalIgnoreCase);

            using var time = await http.GetAsync(new Uri("/time.html", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, time.StatusCode);
            Assert.Equal("text/html", time.Content.Headers.ContentType?.MediaType);
            Assert.Matches(@"<h1>\d\d:\d\d:\d\d \d\d\.\d\d\.\d{4}</h1>", await time.Content.ReadAsStringAsync());

            using var missing = await http.GetAsync(new Uri("/missing", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

            using var file = await http.GetAsync(new Uri("/files/hello.txt", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal("hello from the root\n", await file.Content.ReadAsStringAsync());
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WebClient_in_the_seeds_form_saves_the_body_to_site_html_and_shows_the_status_line()
    {
        const string Body = "<html><body>saved by WebClient</body></html>\n";
        await using var server = new MiniHttpServer(new MiniHttpServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        server.Map("GET", "/", (_, response) => response.SendTextAsync(Body, "text/html; charset=utf-8").AsTask());
        await server.StartAsync();
        var work = Directory.CreateTempSubdirectory("webclient-sample-");
        try
        {
            var port = server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture);
            var (exit, stdout, stderr) = await SampleRunner.RunAsync("WebClient", work.FullName, "127.0.0.1", port);

            Assert.True(exit == 0, $"exit {exit}. stdout: {stdout} stderr: {stderr}");
            Assert.Equal(Body, await File.ReadAllTextAsync(Path.Combine(work.FullName, "127.0.0.1.html"), Encoding.UTF8)); // the body, not the head
            var lines = stderr.TrimEnd().Split('\n');
            Assert.Equal("HTTP/1.1 200 OK", lines[0]);
            Assert.Equal($"Saved the body of http://127.0.0.1:{port}/ to 127.0.0.1.html ({Encoding.UTF8.GetByteCount(Body)} bytes of body).", lines[1]);
            Assert.Empty(stdout);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WebClient_with_a_URL_asks_for_its_path_and_writes_the_body_to_stdout_or_the_whole_response_with_include()
    {
        const string Body = "the page at /path?x=1\n";
        var seen = new List<string>();
        await using var server = new MiniHttpServer(new MiniHttpServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        server.Map("GET", "/path", (request, response) =>
        {
            lock (seen)
            {
                seen.Add($"{request.Target} {request.Protocol} Host={request.Headers["Host"]}");
            }

            return response.SendTextAsync(Body).AsTask();
        });
        await server.StartAsync();
        var work = Directory.CreateTempSubdirectory("webclient-sample-");
        try
        {
            var url = $"http://127.0.0.1:{server.LocalEndPoint.Port}/path?x=1";
            var (exit, stdout, stderr) = await SampleRunner.RunAsync("WebClient", work.FullName, url, "-o", "-");
            Assert.True(exit == 0, $"exit {exit}. stdout: {stdout} stderr: {stderr}");
            Assert.Equal(Body, stdout);
            Assert.StartsWith("HTTP/1.1 200 OK\n", stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.Equal([$"/path?x=1 HTTP/1.0 Host=127.0.0.1:{server.LocalEndPoint.Port}"], seen);
            Assert.Empty(work.GetFiles()); // -o -: nothing saved

            (exit, stdout, stderr) = await SampleRunner.RunAsync("WebClient", work.FullName, url, "--include", "-o", "page.txt");
            Assert.True(exit == 0, $"exit {exit}. stdout: {stdout} stderr: {stderr}");
            var saved = await File.ReadAllTextAsync(Path.Combine(work.FullName, "page.txt"), Encoding.UTF8);
            var headEnd = saved.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", saved, StringComparison.Ordinal);
            Assert.Contains($"Content-Length: {Encoding.UTF8.GetByteCount(Body)}", saved[..headEnd], StringComparison.OrdinalIgnoreCase);
            Assert.Equal(Body, saved[(headEnd + 4)..]);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WebClient_on_a_refused_port_exits_1_with_a_clear_message()
    {
        // A port nobody listens on: bind one, note it, close it.
        var listener = new TcpConnectionListener(new TcpServerOptions(), (_, _) => Task.CompletedTask);
        listener.Start();
        var port = listener.LocalEndPoint!.Port.ToString(CultureInfo.InvariantCulture);
        await listener.DisposeAsync();
        var work = Directory.CreateTempSubdirectory("webclient-sample-");
        try
        {
            var (exit, stdout, stderr) = await SampleRunner.RunAsync("WebClient", work.FullName, "127.0.0.1", port);

            Assert.True(exit == 1, $"exit {exit}. stdout: {stdout} stderr: {stderr}");
            Assert.StartsWith("WebClient: ", stderr, StringComparison.Ordinal);
            Assert.Contains($"127.0.0.1:{port}", stderr, StringComparison.Ordinal);
            Assert.Empty(work.GetFiles()); // nothing half-written
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
