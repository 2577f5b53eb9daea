// Hosted: a MiniHttpServer, an EchoServer and an UpperCaseUdpServer in one .NET Generic Host, their settings in
// appsettings.json (any of them can be overridden on the command line or in the environment, as in every host:
// --NetPrimitives:Http:EndPoint=127.0.0.1:0, NetPrimitives__Http__EndPoint=...), console logs, and the NetPrimitives
// meters on the OpenTelemetry console exporter.
//   dotnet run --project samples/Hosted
//   /              a greeting
//   POST /upload   reads the whole body, then answers with its size (a request that stays in flight while you type)
// SIGTERM (docker stop, systemctl stop) or Ctrl+C: the servers stop accepting, requests in flight complete (within the
// host's shutdown timeout, 30 s by default), and the process exits 0.
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NetPrimitives.Diagnostics;
using NetPrimitives.Http;
using NetPrimitives.Tcp;
using NetPrimitives.Udp;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

// The settings are read from the program's folder (appsettings.json is copied there), wherever it is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddMiniHttpServer(builder.Configuration.GetSection("NetPrimitives:Http"))
    .Map("GET", "/", (_, response) => response.SendTextAsync("Hello from a hosted MiniHttpServer\n").AsTask())
    .Map("POST", "/upload", async (request, response) =>
    {
        var body = await request.ReadBodyAsBytesAsync();
        await response.SendTextAsync(string.Create(CultureInfo.InvariantCulture, $"received {body.Length} bytes\n"));
    });
builder.Services.AddEchoServer(builder.Configuration.GetSection("NetPrimitives:Echo"), options => options.Transform = EchoTransforms.UpperCase);
builder.Services.AddUpperCaseUdpServer(builder.Configuration.GetSection("NetPrimitives:Udp"));
// The servers' meters (one per component) and the HTTP server's spans, on the OpenTelemetry console exporter.
builder.Services.AddOpenTelemetry()
    .WithMetrics(metrics => metrics.AddMeter(NetPrimitivesDiagnostics.Http, NetPrimitivesDiagnostics.Transport, NetPrimitivesDiagnostics.Udp).AddConsoleExporter())
    .WithTracing(tracing => tracing.AddSource(NetPrimitivesDiagnostics.Http).AddConsoleExporter());

using var host = builder.Build();
await host.StartAsync();
// The real endpoints (a port 0 in the settings is the one the system picked).
Console.WriteLine($"HTTP on http://{host.Services.GetRequiredService<MiniHttpServer>().LocalEndPoint}/");
Console.WriteLine($"Echo on {host.Services.GetRequiredService<EchoServer>().LocalEndPoint}");
Console.WriteLine($"UDP on {host.Services.GetRequiredService<UpperCaseUdpServer>().LocalEndPoint}");
await host.WaitForShutdownAsync();
Console.WriteLine("Hosted: stopped");
