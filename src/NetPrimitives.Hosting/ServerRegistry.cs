using Microsoft.Extensions.DependencyInjection;

namespace NetPrimitives.Hosting;

// The names of the servers already added to one service collection, per server type: a second server with the same
// type and name would share its options and its keyed singleton with the first, so it is refused when it is added.
internal sealed class ServerRegistry
{
    private readonly HashSet<(Type, string)> _names = [];

    public static void Add<TServer>(IServiceCollection services, string name)
    {
        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(ServerRegistry) && !d.IsKeyedService)?.ImplementationInstance as ServerRegistry;
        if (registry is null)
        {
            registry = new ServerRegistry();
            services.AddSingleton(registry);
        }

        if (!registry._names.Add((typeof(TServer), name)))
        {
            throw new InvalidOperationException(string.IsNullOrEmpty(name)
                ? $"A {typeof(TServer).Name} without a name was already added; give each server of a type its own name."
                : $"A {typeof(TServer).Name} named '{name}' was already added; give each server of a type its own name.");
        }
    }
}
