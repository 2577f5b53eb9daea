using NetPrimitives.Http;

namespace NetPrimitives.Tests.Http;

// The server most HTTP tests start (GET /hello, POST /echo, plus what a test maps): in a file of its own so that
// the integration tests (curl, wrk) link it without taking MiniHttpServerTests' tests along.
public sealed partial class MiniHttpServerTests
{
    internal static async Task<MiniHttpServer> StartAsync(
        Action<MiniHttpServer>? map = null, Action<MiniHttpServerOptions>? configure = null, Microsoft.Extensions.Logging.ILogger<MiniHttpServer>? logger = null, TimeProvider? clock = null)
    {
        var options = new MiniHttpServerOptions { TimeProvider = clock ?? TimeProvider.System };
        configure?.Invoke(options);
        var server = new MiniHttpServer(options, logger);
        server.Map("GET", "/hello", (_, response) => response.SendTextAsync("Hello, World!").AsTask());
        server.Map("POST", "/echo", async (request, response) =>
        {
            var body = await request.ReadBodyAsBytesAsync();
            response.ContentType = request.ContentType ?? "application/octet-stream";
            await response.SendAsync(body);
        });
        map?.Invoke(server);
        await server.StartAsync();
        return server;
    }
}
