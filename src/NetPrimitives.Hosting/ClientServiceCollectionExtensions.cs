using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DefaultOptions = Microsoft.Extensions.Options.Options;
using NetPrimitives.Hosting;
using NetPrimitives.Names;
using NetPrimitives.Ping;
using NetPrimitives.Smtp;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds the NetPrimitives clients to a service collection: <see cref="HostResolver"/> (a singleton, also as
/// <see cref="IHostResolver"/>), <see cref="PingSweeper"/> (a singleton that resolves host names with the container's
/// <see cref="IHostResolver"/> when there is one) and <see cref="SmtpClientRawFactory"/> (a connection is per use, so the
/// container holds a factory). Options come from configuration or code and are validated when the host starts; logs go
/// to <see cref="ILogger{TCategoryName}"/> from the container.
/// </summary>
public static class NetPrimitivesClientServiceCollectionExtensions
{
    /// <summary>Adds a <see cref="HostResolver"/> singleton, also resolved as <see cref="IHostResolver"/>, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (timeout, a DNS server...); <see langword="null"/> for the defaults (the OS resolver).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddHostResolver(this IServiceCollection services, Action<HostResolverOptions>? configure = null) =>
        AddHostResolverCore(services, configuration: null, configure);

    /// <summary>Adds a <see cref="HostResolver"/> singleton, also resolved as <see cref="IHostResolver"/>, its options read from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">A section with <c>Timeout</c> (<c>"00:00:05"</c>), <c>MaxConcurrentSystemLookups</c>,
    /// <c>BatchConcurrency</c> and <c>DnsServer</c> (<c>"192.0.2.53:53"</c>: use the built-in DNS client instead of the OS resolver).</param>
    /// <param name="configure">Sets more options in code, after configuration is read; <see langword="null"/> for nothing.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddHostResolver(this IServiceCollection services, IConfiguration configuration, Action<HostResolverOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddHostResolverCore(services, configuration, configure);
    }

    /// <summary>Adds a <see cref="PingSweeper"/> singleton.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="createOptions">Creates its options (they are init-only: <c>() =&gt; new PingSweeperOptions { Retries = 1 }</c>);
    /// <see langword="null"/> for the defaults.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPingSweeper(this IServiceCollection services, Func<PingSweeperOptions>? createOptions = null) =>
        AddPingSweeperCore(services, createOptions ?? (static () => new PingSweeperOptions()));

    /// <summary>Adds a <see cref="PingSweeper"/> singleton, its options read from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">A section with the settings of <see cref="PingSweeperOptions"/> by property name: <c>Timeout</c>,
    /// <c>Retries</c>, <c>BackoffFactor</c>, <c>RatePerSecond</c>, <c>MaxConcurrency</c>, <c>PayloadSize</c>, <c>Engine</c>, <c>TcpPorts</c> (an array)...</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPingSweeper(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddPingSweeperCore(services, () => PingSweeperOptionsFactory.FromConfiguration(configuration));
    }

    /// <summary>Adds the <see cref="SmtpClientRawFactory"/> singleton and the server it connects to without a name, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the server (<see cref="SmtpClientRawFactoryOptions.Host"/> is required) and the client options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSmtpClientRaw(this IServiceCollection services, Action<SmtpClientRawFactoryOptions> configure) =>
        services.AddSmtpClientRaw(DefaultOptions.DefaultName, configure);

    /// <summary>Adds the <see cref="SmtpClientRawFactory"/> singleton and a named server it connects to, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The name given to <see cref="SmtpClientRawFactory.ConnectAsync(string, CancellationToken)"/>.</param>
    /// <param name="configure">Sets the server (<see cref="SmtpClientRawFactoryOptions.Host"/> is required) and the client options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSmtpClientRaw(this IServiceCollection services, string name, Action<SmtpClientRawFactoryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddSmtpClientRawCore(services, name, configuration: null, configure);
    }

    /// <summary>Adds the <see cref="SmtpClientRawFactory"/> singleton and the server it connects to without a name, read from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">A section with <c>Host</c>, <c>Port</c> and client settings (see <see cref="SmtpClientRawFactoryOptions"/>).</param>
    /// <param name="configure">Sets more options in code (a certificate check, a transcript), after configuration is read; <see langword="null"/> for nothing.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSmtpClientRaw(this IServiceCollection services, IConfiguration configuration, Action<SmtpClientRawFactoryOptions>? configure = null) =>
        services.AddSmtpClientRaw(DefaultOptions.DefaultName, configuration, configure);

    /// <summary>Adds the <see cref="SmtpClientRawFactory"/> singleton and a named server it connects to, read from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The name given to <see cref="SmtpClientRawFactory.ConnectAsync(string, CancellationToken)"/>.</param>
    /// <param name="configuration">A section with <c>Host</c>, <c>Port</c> and client settings (see <see cref="SmtpClientRawFactoryOptions"/>).</param>
    /// <param name="configure">Sets more options in code, after configuration is read; <see langword="null"/> for nothing.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSmtpClientRaw(this IServiceCollection services, string name, IConfiguration configuration, Action<SmtpClientRawFactoryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddSmtpClientRawCore(services, name, configuration, configure);
    }

    private static IServiceCollection AddHostResolverCore(IServiceCollection services, IConfiguration? configuration, Action<HostResolverOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ServerRegistration.AddOptions(services, DefaultOptions.DefaultName, configuration, configure, Settings.HostResolver, CheckResolver);
        MeterFactories.Use<HostResolverOptions>(services, DefaultOptions.DefaultName, static (options, factory) =>
        {
            options.MeterFactory ??= factory;
            if (options.DnsClientOptions is { } dns)
            {
                dns.MeterFactory ??= factory;
            }
        });
        services.TryAddSingleton(sp => new HostResolver(sp.GetRequiredService<IOptions<HostResolverOptions>>().Value, sp.GetService<ILogger<HostResolver>>()));
        services.TryAddSingleton<IHostResolver>(sp => sp.GetRequiredService<HostResolver>());
        return services;
    }

    // HostResolverOptions are checked when a HostResolver is created; the same rules, here at host start.
    private static void CheckResolver(HostResolverOptions options)
    {
        if (options.Timeout != Timeout.InfiniteTimeSpan && options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options.Timeout), options.Timeout, "The timeout must be positive or infinite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentSystemLookups, 1, nameof(options.MaxConcurrentSystemLookups));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchConcurrency, 1, nameof(options.BatchConcurrency));
    }

    private static IServiceCollection AddPingSweeperCore(IServiceCollection services, Func<PingSweeperOptions> create)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PingSweeperOptions>().ValidateOnStart();
        MeterFactories.Use<PingSweeperOptions>(services, DefaultOptions.DefaultName, static (options, factory) => options.MeterFactory ??= factory);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PingSweeperOptions>>(new OptionsValidator<PingSweeperOptions>(static _ => { })));
        services.AddSingleton<IOptionsFactory<PingSweeperOptions>>(sp => new PingSweeperOptionsFactory(create,
            sp.GetServices<IConfigureOptions<PingSweeperOptions>>(), sp.GetServices<IPostConfigureOptions<PingSweeperOptions>>(), sp.GetServices<IValidateOptions<PingSweeperOptions>>()));
        services.TryAddSingleton(sp => new PingSweeper(sp.GetRequiredService<IOptions<PingSweeperOptions>>().Value, sp.GetService<IHostResolver>(), sp.GetService<ILogger<PingSweeper>>()));
        return services;
    }

    private static IServiceCollection AddSmtpClientRawCore(IServiceCollection services, string name, IConfiguration? configuration, Action<SmtpClientRawFactoryOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ServerRegistration.AddOptions(services, name, configuration, configure, Settings.SmtpClientRaw, static options => options.Validate());
        MeterFactories.Use<SmtpClientRawFactoryOptions>(services, name, static (options, factory) =>
        {
            options.Client.MeterFactory ??= factory;
            options.Client.Connection.MeterFactory ??= factory; // the connection's byte counters
        });
        services.TryAddSingleton(sp => new SmtpClientRawFactory(sp.GetRequiredService<IOptionsMonitor<SmtpClientRawFactoryOptions>>(), sp.GetService<ILogger<SmtpClientRaw>>()));
        return services;
    }
}
