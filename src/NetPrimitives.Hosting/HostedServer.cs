using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NetPrimitives.Hosting;

// Runs one named server with the host: the server (a keyed singleton, so the app can read its LocalEndPoint) is
// created and started when the host starts, and stopped when the host stops. The host's stop token fires when its
// shutdown timeout (HostOptions.ShutdownTimeout) runs out, and the servers' StopAsync drains until that token fires,
// then aborts what is left: SIGTERM and Ctrl+C (through the host lifetime) drain in-flight work within the timeout.
internal sealed class HostedServer<TServer>(IServiceProvider services, string name, Func<TServer, CancellationToken, Task> start,
    Func<TServer, CancellationToken, Task> stop) : IHostedService
    where TServer : class
{
    private TServer? _started;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var server = services.GetRequiredKeyedService<TServer>(name);
        await start(server, cancellationToken).ConfigureAwait(false);
        _started = server;
    }

    // A server that never started (an earlier hosted service failed) has nothing to stop.
    public Task StopAsync(CancellationToken cancellationToken) => _started is { } server ? stop(server, cancellationToken) : Task.CompletedTask;
}
