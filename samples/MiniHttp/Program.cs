// MiniHttp: the seed HTTP programs as routes of one MiniHttpServer.
//   dotnet run --project samples/MiniHttp -- [-h] [--port 8080] [--root DIR]
//   /            echoes the request, like http1.py
//   /time.html   the raw-socket time page
//   /upload      GET: a form; POST: its fields and uploaded files with sizes, like http2.py
//   /missing     send_error(404), like http4.py
//   /modified    a Last-Modified header, like http5.py
//   /files/...   with --root DIR: the folder, like SimpleHTTPServer (index.html, listing, ranges)
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using NetPrimitives.Http;

const string Usage = """
    usage: MiniHttp [-h] [--port N] [--root DIR]

      --port N     TCP port on 127.0.0.1. Default 8080; 0 lets the system choose (the real port is printed)
      --root DIR   also serve DIR under /files/ (index.html, a listing, ranges), like SimpleHTTPServer
    exit codes: 0 ok, 1 could not listen, 2 usage error, 130 stopped with Ctrl+C
    """;

var port = 8080;
string? root = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--help" or "-h": Console.WriteLine(Usage); return 0;
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) && port <= 65535: i++; break;
        case "--root" when i + 1 < args.Length && Directory.Exists(args[i + 1]): root = args[++i]; break;
        default: Console.Error.WriteLine($"bad option or value: {args[i]}\n{Usage}"); return 2;
    }
}

using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
await using var server = new MiniHttpServer(
    new MiniHttpServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, port) },
    logging.CreateLogger<MiniHttpServer>());

server.Map("GET", "/", (request, response) =>
{
    var text = new StringBuilder()
        .AppendLine("CLIENT VALUES:")
        .AppendLine($"client_address={request.RemoteEndPoint}")
        .AppendLine($"command={request.Method}")
        .AppendLine($"path={request.Target}")
        .AppendLine($"real path={request.Path}")
        .AppendLine($"query={request.QueryString}")
        .AppendLine($"request_version={request.Protocol}")
        .AppendLine()
        .AppendLine("HEADERS RECEIVED:");
    foreach (var (name, value) in request.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
    {
        text.AppendLine($"{name}={value}");
    }

    return response.SendTextAsync(text.ToString()).AsTask();
});

server.Map("GET", "/time.html", (_, response) => response.SendTextAsync(
    $"<!DOCTYPE html><html><head><title>Time</title></head><body><h1>{DateTime.Now:HH:mm:ss dd.MM.yyyy}</h1></body></html>",
    "text/html; charset=utf-8").AsTask());

server.Map("GET", "/upload", (_, response) => response.SendTextAsync(
    """
    <!DOCTYPE html><html><head><meta charset="utf-8"><title>Upload</title></head><body>
    <form method="post" action="/upload" enctype="multipart/form-data">
      <p><input name="name" value="dhellmann"> <input type="file" name="datafile"> <button>Send</button></p>
    </form></body></html>
    """, "text/html; charset=utf-8").AsTask());

server.Map("POST", "/upload", async (request, response) =>
{
    var form = await request.ReadMultipartFormAsync();
    var text = new StringBuilder()
        .AppendLine($"Client: {request.RemoteEndPoint}")
        .AppendLine($"User-agent: {request.Headers["User-Agent"]}")
        .AppendLine($"Path: {request.Path}")
        .AppendLine("Form data:");
    foreach (var file in form.Files)
    {
        text.AppendLine($"\tUploaded {file.Name} as \"{file.FileName}\" ({file.Length} bytes)");
        File.Delete(file.Path);
    }

    foreach (var (name, value) in form.Fields)
    {
        text.AppendLine($"\t{name}={value}");
    }

    await response.SendTextAsync(text.ToString());
});

server.Map("GET", "/missing", (_, response) => response.SendErrorAsync(404).AsTask());

server.Map("GET", "/modified", (_, response) =>
{
    response.Headers.Set("Last-Modified", DateTime.UtcNow.ToString("r", System.Globalization.CultureInfo.InvariantCulture));
    return response.SendTextAsync("See the Last-Modified header.\n").AsTask();
});

if (root is not null)
{
    server.MapStaticFiles("/files", root, new StaticFileOptions { DirectoryListing = true });
}

try
{
    await server.StartAsync();
}
catch (Exception ex) when (ex is NetPrimitives.Transport.TransportException or System.Net.Sockets.SocketException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}

Console.WriteLine($"Serving on http://{server.LocalEndPoint}/ (Ctrl-C stops)");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
await stop.Task;
Console.WriteLine("stopping");
using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
await server.StopAsync(grace.Token);
return 130;
