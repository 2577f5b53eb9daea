// Plaintext server for the wrk benchmark (docs/benchmarks.md): GET /plaintext -> "Hello, World!".
//   dotnet run -c Release --project tests/NetPrimitives.HttpBench -- mini|kestrel|listener <port> <seconds>
//   ... -- mini-compressed|kestrel-compressed <port> <seconds>   (GET /plaintext -> 4 KiB of text, brotli or gzip
//          at the fastest level as Accept-Encoding asks: MiniHttpServerOptions.Compression vs ResponseCompression)
//   ... -- mini-tls|kestrel-tls <port> <seconds>   (HTTPS, both with the certificate of the PFX file in $BENCH_CERT,
//          ALPN http/1.1: run.sh makes a self-signed ECDSA P-256 one for 127.0.0.1 with openssl when TLS=1)
//   ... -- alloc <port> <seconds> [ticks]   (bytes allocated per request by MiniHttpServer, pipelined; ticks: by type)
// Loopback only; exits by itself after <seconds>.
using System.IO.Compression;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetPrimitives.Http;

var kind = args[0];
var port = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var lifetime = TimeSpan.FromSeconds(int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
var body = Encoding.UTF8.GetBytes("Hello, World!");

// The compressed columns' body: 4 KiB of text that compresses about as well as a page of HTML or JSON.
var text = string.Concat(Enumerable.Range(0, 128).Select(i => $"{i:D4} The quick brown fox jumps over {i % 13} lazy dogs.\n"))[..4096];

switch (kind)
{
    case "mini":
    case "mini-compressed":
    case "mini-tls":
    {
        var compressed = kind == "mini-compressed";
        var options = new MiniHttpServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, port), Compression = compressed ? new HttpCompressionOptions() : null,
            Tls = kind == "mini-tls" ? new SslServerAuthenticationOptions { ServerCertificate = BenchCertificate() } : null,
        };
        await using var server = new MiniHttpServer(options);
        var payload = compressed ? Encoding.UTF8.GetBytes(text) : body;
        server.Map("GET", "/plaintext", (_, response) => response.SendAsync(payload, "text/plain").AsTask());
        await server.StartAsync();
        Console.WriteLine("ready");
        await Task.Delay(lifetime);
        break;
    }

    case "kestrel":
    case "kestrel-compressed":
    case "kestrel-tls":
    {
        var compressed = kind == "kestrel-compressed";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port, listen =>
        {
            if (kind == "kestrel-tls")
            {
                // HTTP/1.1 only, as MiniHttpServer: ALPN offers http/1.1 alone.
                listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1;
                listen.UseHttps(BenchCertificate());
            }
        }));
        if (compressed)
        {
            builder.Services.AddResponseCompression(o =>
            {
                o.Providers.Add<BrotliCompressionProvider>();
                o.Providers.Add<GzipCompressionProvider>();
            });
            builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
            builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        }

        var app = builder.Build();
        if (compressed)
        {
            app.UseResponseCompression();
        }

        var payload = compressed ? text : "Hello, World!";
        app.MapGet("/plaintext", () => Results.Text(payload, "text/plain"));
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

    case "alloc":
    {
        // Managed bytes allocated per request by the whole process (server and this small client), pipelined x16
        // over 4 connections; a guide for the hot path, not a figure for the comparison.
        await using var server = new MiniHttpServer(new MiniHttpServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, port) });
        server.Map("GET", "/plaintext", (_, response) => response.SendAsync(body, "text/plain").AsTask());
        await server.StartAsync();
        var batch = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n", 16)));
        async Task<long> RunAsync(int batches)
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            await socket.ConnectAsync(server.LocalEndPoint);
            var buffer = new byte[64 * 1024];
            long responses = 0;
            for (var i = 0; i < batches; i++)
            {
                await socket.SendAsync(batch);
                var seen = 0;
                while (seen < 16)
                {
                    var read = await socket.ReceiveAsync(buffer);
                    seen += buffer.AsSpan(0, read).Count("HTTP/1.1 200"u8);
                }

                responses += seen;
            }

            return responses;
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RunAsync(200))); // warm-up (tiering)
        using var ticks = args.Length > 3 ? new AllocationTicks() : null;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var gcs = GC.CollectionCount(0);
        var total = (await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RunAsync(lifetime.Seconds > 0 ? 2000 : 200)))).Sum();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Console.WriteLine($"{total} requests, {allocated / (double)total:F0} bytes allocated per request, {GC.CollectionCount(0) - gcs} gen0 GCs");
        ticks?.Print();
        break;
    }

    default:
        Console.Error.WriteLine("usage: mini|kestrel|listener|mini-compressed|kestrel-compressed|mini-tls|kestrel-tls|alloc <port> <seconds>");
        return 2;
}

return 0;

// The HTTPS columns' certificate, the same file for both servers.
static X509Certificate2 BenchCertificate() =>
    X509CertificateLoader.LoadPkcs12FromFile(Environment.GetEnvironmentVariable("BENCH_CERT") ?? throw new InvalidOperationException("BENCH_CERT names no PFX file"), password: null);

/// <summary>The runtime's sampled allocation events (one per ~100 KB), by type: where the bytes go.</summary>
internal sealed class AllocationTicks : System.Diagnostics.Tracing.EventListener
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _types = new();

    public void Print()
    {
        foreach (var (type, count) in _types.OrderByDescending(t => t.Value).Take(20))
        {
            Console.WriteLine($"{count,6} {type}");
        }
    }

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)1);
        }
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && e.Payload is { } payload)
        {
            var index = e.PayloadNames!.IndexOf("TypeName");
            _types.AddOrUpdate(payload[index]?.ToString() ?? "?", 1, (_, n) => n + 1);
        }
    }
}
