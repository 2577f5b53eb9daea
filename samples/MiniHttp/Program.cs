// MiniHttp: the seed HTTP programs as routes of one MiniHttpServer.
//   dotnet run --project samples/MiniHttp -- [--bind ADDRESS] [--port 8080] [--root DIR]
//   ... --cert PATH [--cert-key PATH] [--cert-password P]   HTTPS (ALPN http/1.1) with a PFX or PEM certificate
//   /            echoes the request, like http1.py
//   /time.html   the raw-socket time page
//   /upload      GET: a form; POST: its fields and uploaded files with sizes, like http2.py
//   /missing     send_error(404), like http4.py
//   /modified    a Last-Modified header, like http5.py
//   /files/...   with --root DIR: the folder, like SimpleHTTPServer (index.html, listing, ranges)
using System.CommandLine;
using System.Net;
using System.Net.Security;
using System.Text;
using Microsoft.Extensions.Logging;
using NetPrimitives.Http;
using NetPrimitives.Samples.Cli;

var bind = SampleOptions.Bind();
var port = SampleOptions.Port(8080, server: true, "TCP port; 0 lets the system choose (the real port is printed)");
var root = new Option<string>("--root")
{
    Description = "also serve DIR under /files/ (index.html, a listing, ranges), like SimpleHTTPServer",
    HelpName = "DIR",
};
root.Validators.Add(result =>
{
    if (result.GetValueOrDefault<string>() is { } folder && !Directory.Exists(folder))
    {
        result.AddError($"--root: folder not found ({SampleOptions.Printable(folder)})");
    }
});
var certificate = new CertificateOptions();
var command = new RootCommand("The seed HTTP programs as routes of one MiniHttpServer (SimpleHTTPServer, http1-http5).") { bind, port, root };
foreach (var option in certificate.All)
{
    command.Options.Add(option);
}

command.SetAction(async (parse, stop) =>
{
    using var cert = certificate.Load(parse); // null: plain HTTP
    var address = await SampleOptions.ResolveBindAsync(parse.GetValue(bind)!, stop);
    using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
    await using var server = new MiniHttpServer(
        new MiniHttpServerOptions
        {
            EndPoint = new IPEndPoint(address, parse.GetValue(port)),
            Tls = cert is null ? null : new SslServerAuthenticationOptions { ServerCertificate = cert }, // the server offers ALPN http/1.1
        },
        logging.CreateLogger<MiniHttpServer>());
    MapSeedPages(server, parse.GetValue(root));
    await server.StartAsync(stop);
    Console.WriteLine($"Serving on {(cert is null ? "http" : "https")}://{server.LocalEndPoint}/ (Ctrl-C stops)");

    await stop.WhenStoppedAsync();
    Console.WriteLine("stopping");
    using var grace = Stopping.GraceTimeout();
    await server.StopAsync(grace.Token);
    return ExitCodes.Ok;
});

return await SampleApp.RunAsync(command, args);

static void MapSeedPages(MiniHttpServer server, string? root)
{
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
}
