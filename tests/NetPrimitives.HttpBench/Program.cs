// Plaintext server for the wrk benchmark (docs/benchmarks.md): GET /plaintext -> "Hello, World!".
//   dotnet run -c Release --project tests/NetPrimitives.HttpBench -- mini|kestrel|listener <port> <seconds>
// Loopback only; exits by itself after <seconds>.
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NetPrimitives.Http;

var kind = args[0];
var port = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var lifetime = TimeSpan.FromSeconds(int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
var body = Encoding.UTF8.GetBytes("Hello, World!");

switch (kind)
{
    case "mini":
    {
        await using var server = new MiniHttpServer(new MiniHttpServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, port) });
        server.Map("GET", "/plaintext", (_, response) => response.SendAsync(body, "text/plain").AsTask());
        await server.StartAsync();
        Console.WriteLine("ready");
        await Task.Delay(lifetime);
        break;
    }

    case "kestrel":
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/plaintext", () => Results.Text("Hello, World!", "text/plain"));
        await app.StartAsync();
        Console.WriteLine("ready");
        await Task.Delay(lifetime);
        await app.StopAsync();
        break;
    }

    case "listener":
    {
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        Console.WriteLine("ready");
        using var stop = new CancellationTokenSource(lifetime);
        var loops = Enumerable.Range(0, Environment.ProcessorCount * 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync().WaitAsync(stop.Token);
                }
                catch (Exception)
                {
                    return;
                }

                context.Response.ContentType = "text/plain";
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        })).ToArray();
        await Task.WhenAll(loops);
        break;
    }

    default:
        Console.Error.WriteLine("usage: mini|kestrel|listener <port> <seconds>");
        return 2;
}

return 0;
