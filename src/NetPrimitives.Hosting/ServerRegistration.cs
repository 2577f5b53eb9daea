using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace NetPrimitives.Hosting;

// What AddMiniHttpServer, AddEchoServer and AddUpperCaseUdpServer have in common: named options (read from
// configuration and/or configured in code, validated at start), the server as a keyed singleton created from them
// (also unkeyed for the default name), and a hosted service that starts and stops it with the host.
internal static class ServerRegistration
{
    public static void Add<TServer, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IServiceCollection services, string name, IConfiguration? configuration, Action<TOptions>? configure,
        IReadOnlyDictionary<string, Action<TOptions, string>> settings, Action<TOptions> check, Func<IServiceProvider, TOptions, TServer> create,
        Func<TServer, CancellationToken, Task> start, Func<TServer, CancellationToken, Task> stop)
        where TServer : class
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ServerRegistry.Add<TServer>(services, name);
        AddOptions(services, name, configuration, configure, settings, check);
        services.AddKeyedSingleton(name, (sp, _) => create(sp, sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name)));
        if (name == Options.DefaultName)
        {
            services.AddSingleton(sp => sp.GetRequiredKeyedService<TServer>(name));
        }

        // Not AddHostedService: it adds one service per implementation type, and a host may run several servers of a type.
        services.AddSingleton<IHostedService>(sp => new HostedServer<TServer>(sp, name, start, stop));
    }

    public static OptionsBuilder<TOptions> AddOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IServiceCollection services, string name, IConfiguration? configuration, Action<TOptions>? configure,
        IReadOnlyDictionary<string, Action<TOptions, string>> settings, Action<TOptions> check)
        where TOptions : class
    {
        var options = services.AddOptions<TOptions>(name);
        if (configuration is not null)
        {
            options.Configure(o => ConfigurationReader.Apply(configuration, o, settings));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new OptionsValidator<TOptions>(check)));
        return options.ValidateOnStart();
    }
}
