using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DefaultOptions = Microsoft.Extensions.Options.Options;
using NetPrimitives.Hosting;
using NetPrimitives.Http;
using NetPrimitives.Tcp;
using NetPrimitives.Udp;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds NetPrimitives servers to a host: each is a hosted service that starts (binds and listens) when the host starts
/// and, when the host stops (SIGTERM, Ctrl+C, <c>StopApplication</c>), stops accepting and drains the work in flight
/// until the host's shutdown timeout (<c>HostOptions.ShutdownTimeout</c>), then aborts what is left. Several servers
/// of a type run side by side under different names. Options come from configuration, from code, or both (code runs
/// after configuration), and are validated when the host starts, so a wrong port or limit fails the start with the
/// setting's name. Logs go to <see cref="ILogger{TCategoryName}"/> from the container. Each server is a keyed singleton
/// under its name (and an unkeyed one for the default name), to read its <c>LocalEndPoint</c> once the host has started.
/// </summary>
public static class NetPrimitivesServerServiceCollectionExtensions
{
    /// <summary>Adds a <see cref="MiniHttpServer"/> without a name, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (endpoint, limits...); <see langword="null"/> for the defaults (127.0.0.1, a port the system picks).</param>
    /// <returns>A builder to map the server's routes.</returns>
    public static MiniHttpServerBuilder AddMiniHttpServer(this IServiceCollection services, Action<MiniHttpServerOptions>? configure = null) =>
        services.AddMiniHttpServer(DefaultOptions.DefaultName, configure);

    /// <summary>Adds a named <see cref="MiniHttpServer"/>, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The server's name (its options' name and its service key), unique among the host's MiniHttpServers.</param>
    /// <param name="configure">Sets the options; <see langword="null"/> for the defaults.</param>
    /// <returns>A builder to map the server's routes.</returns>
    /// <exception cref="InvalidOperationException">A MiniHttpServer with this name was already added.</exception>
    public static MiniHttpServerBuilder AddMiniHttpServer(this IServiceCollection services, string name, Action<MiniHttpServerOptions>? configure = null) =>
        AddMiniHttpServerCore(services, name, configuration: null, configure);

    /// <summary>Adds a <see cref="MiniHttpServer"/> without a name, its options read from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">A section such as <c>builder.Configuration.GetSection("NetPrimitives:Http")</c>: <c>EndPoint</c>
    /// (<c>"127.0.0.1:8080"</c>), <c>MaxConnections</c>, <c>IdleTimeout</c> (<c>"00:05:00"</c>), <c>Limits:MaxRequestBodySize</c>...,
    /// named as the properties of <see cref="MiniHttpServerOptions"/>; an unknown key fails the host's start.</param>
    /// <param name="configure">Sets what configuration cannot hold (TLS, compression...), after it is read; <see langword="null"/> for nothing.</param>
    /// <returns>A builder to map the server's routes.</returns>
    public static MiniHttpServerBuilder AddMiniHttpServer(this IServiceCollection services, IConfiguration configuration, Action<MiniHttpServerOptions>? configure = null) =>
        services.AddMiniHttpServer(DefaultOptions.DefaultName, configuration, configure);

    /// <summary>Adds a named <see cref="MiniHttpServer"/>, its options read from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The server's name, unique among the host's MiniHttpServers.</param>
    /// <param name="configuration">The server's configuration section (see the overload without a name).</param>
    /// <param name="configure">Sets what configuration cannot hold, after it is read; <see langword="null"/> for nothing.</param>
    /// <returns>A builder to map the server's routes.</returns>
    /// <exception cref="InvalidOperationException">A MiniHttpServer with this name was already added.</exception>
    public static MiniHttpServerBuilder AddMiniHttpServer(this IServiceCollection services, string name, IConfiguration configuration, Action<MiniHttpServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddMiniHttpServerCore(services, name, configuration, configure);
    }

    /// <summary>Adds an <see cref="EchoServer"/> without a name, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (endpoint, mode, transform...); <see langword="null"/> for the defaults.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddEchoServer(this IServiceCollection services, Action<EchoServerOptions>? configure = null) =>
        services.AddEchoServer(DefaultOptions.DefaultName, configure);

    /// <summary>Adds a named <see cref="EchoServer"/>, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The server's name, unique among the host's EchoServers.</param>
    /// <param name="configure">Sets the options; <see langword="null"/> for the defaults.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="InvalidOperationException">An EchoServer with this name was already added.</exception>
    public static IServiceCollection AddEchoServer(this IServiceCollection services, string name, Action<EchoServerOptions>? configure = null) =>
        AddEchoServerCore(services, name, configuration: null, configure);

    /// <summary>Adds an <see cref="EchoServer"/> without a name, its options read from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">A section with the settings of <see cref="EchoServerOptions"/> by property name: <c>EndPoint</c>,
    /// <c>Mode</c> (<c>Raw</c>, <c>Lines</c>, <c>Frames</c>), <c>Greeting</c>, <c>MaxConnections</c>...; an unknown key fails the host's start.</param>
    /// <param name="configure">Sets what configuration cannot hold (a transform, framer options, TLS), after it is read; <see langword="null"/> for nothing.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddEchoServer(this IServiceCollection services, IConfiguration configuration, Action<EchoServerOptions>? configure = null) =>
        services.AddEchoServer(DefaultOptions.DefaultName, configuration, configure);

    /// <summary>Adds a named <see cref="EchoServer"/>, its options read from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The server's name, unique among the host's EchoServers.</param>
    /// <param name="configuration">The server's configuration section.</param>
    /// <param name="configure">Sets what configuration cannot hold, after it is read; <see langword="null"/> for nothing.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="InvalidOperationException">An EchoServer with this name was already added.</exception>
    public static IServiceCollection AddEchoServer(this IServiceCollection services, string name, IConfiguration configuration, Action<EchoServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddEchoServerCore(services, name, configuration, configure);
    }

    /// <summary>Adds an <see cref="UpperCaseUdpServer"/> without a name, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (endpoint, mode, limits); <see langword="null"/> for the defaults.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddUpperCaseUdpServer(this IServiceCollection services, Action<UpperCaseUdpServerOptions>? configure = null) =>
        services.AddUpperCaseUdpServer(DefaultOptions.DefaultName, configure);

    /// <summary>Adds a named <see cref="UpperCaseUdpServer"/>, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The server's name, unique among the host's UpperCaseUdpServers.</param>
    /// <param name="configure">Sets the options; <see langword="null"/> for the defaults.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="InvalidOperationException">An UpperCaseUdpServer with this name was already added.</exception>
    public static IServiceCollection AddUpperCaseUdpServer(this IServiceCollection services, string name, Action<UpperCaseUdpServerOptions>? configure = null) =>
        AddUpperCaseUdpServerCore(services, name, configuration: null, configure);

    /// <summary>Adds an <see cref="UpperCaseUdpServer"/> without a name, its options read from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">A section with the settings of <see cref="UpperCaseUdpServerOptions"/> by property name: <c>EndPoint</c>,
    /// <c>Mode</c> (<c>Ascii</c>, <c>Unicode</c>), <c>MaxDatagramSize</c>, <c>ShutdownTimeout</c>...; an unknown key fails the host's start.</param>
    /// <param name="configure">Sets more options in code, after configuration is read; <see langword="null"/> for nothing.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddUpperCaseUdpServer(this IServiceCollection services, IConfiguration configuration, Action<UpperCaseUdpServerOptions>? configure = null) =>
        services.AddUpperCaseUdpServer(DefaultOptions.DefaultName, configuration, configure);

    /// <summary>Adds a named <see cref="UpperCaseUdpServer"/>, its options read from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The server's name, unique among the host's UpperCaseUdpServers.</param>
    /// <param name="configuration">The server's configuration section.</param>
    /// <param name="configure">Sets more options in code, after configuration is read; <see langword="null"/> for nothing.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="InvalidOperationException">An UpperCaseUdpServer with this name was already added.</exception>
    public static IServiceCollection AddUpperCaseUdpServer(this IServiceCollection services, string name, IConfiguration configuration, Action<UpperCaseUdpServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddUpperCaseUdpServerCore(services, name, configuration, configure);
    }

    private static MiniHttpServerBuilder AddMiniHttpServerCore(IServiceCollection services, string name, IConfiguration? configuration, Action<MiniHttpServerOptions>? configure)
    {
        // The options' setters refuse invalid values themselves: nothing more to check.
        ServerRegistration.Add(services, name, configuration, configure, Settings.MiniHttpServer, static _ => { },
            (sp, options) =>
            {
                var server = new MiniHttpServer(options, sp.GetService<ILogger<MiniHttpServer>>());
                foreach (var route in sp.GetRequiredService<IOptionsMonitor<MiniHttpServerRoutes>>().Get(name))
                {
                    route(server);
                }

                return server;
            },
            static (server, token) => server.StartAsync(token), static (server, token) => server.StopAsync(token));
        MeterFactories.Use<MiniHttpServerOptions>(services, name, static (options, factory) => options.MeterFactory ??= factory);
        return new MiniHttpServerBuilder(services, name);
    }

    private static IServiceCollection AddEchoServerCore(IServiceCollection services, string name, IConfiguration? configuration, Action<EchoServerOptions>? configure)
    {
        ServerRegistration.Add(services, name, configuration, configure, Settings.EchoServer, static _ => { },
            static (sp, options) => new EchoServer(options, sp.GetService<ILogger<EchoServer>>()),
            static (server, token) => server.StartAsync(token), static (server, token) => server.StopAsync(token));
        MeterFactories.Use<EchoServerOptions>(services, name, static (options, factory) => options.MeterFactory ??= factory);
        return services;
    }

    private static IServiceCollection AddUpperCaseUdpServerCore(IServiceCollection services, string name, IConfiguration? configuration, Action<UpperCaseUdpServerOptions>? configure)
    {
        // The datagram server checks its options when it is created (and binds nothing then): create one to check them.
        ServerRegistration.Add(services, name, configuration, configure, Settings.UpperCaseUdpServer, static options => _ = new UpperCaseUdpServer(options),
            static (sp, options) => new UpperCaseUdpServer(options, sp.GetService<ILogger<UpperCaseUdpServer>>()),
            static (server, token) => server.StartAsync(token), static (server, token) => server.StopAsync(token));
        MeterFactories.Use<UpperCaseUdpServerOptions>(services, name, static (options, factory) => options.MeterFactory ??= factory);
        return services;
    }
}
