using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NetPrimitives.Hosting;

// The host's IMeterFactory (registered by AddMetrics, which Host.CreateApplicationBuilder calls) for every server and
// client added here: each then creates its meters through it, so they are the container's, disposed with it, and
// seen by its listeners. Options that already name a factory in code keep theirs; no factory in the container, none.
internal static class MeterFactories
{
    public static void Use<TOptions>(IServiceCollection services, string name, Action<TOptions, IMeterFactory> use)
        where TOptions : class =>
        services.AddOptions<TOptions>(name).PostConfigure<IServiceProvider>((options, provider) =>
        {
            if (provider.GetService<IMeterFactory>() is { } factory)
            {
                use(options, factory);
            }
        });
}
