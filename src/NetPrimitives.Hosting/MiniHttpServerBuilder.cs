using Microsoft.Extensions.DependencyInjection;
using NetPrimitives.Http;

namespace NetPrimitives.Hosting;

/// <summary>
/// Configures the routes of a hosted <see cref="MiniHttpServer"/>, as <see cref="MiniHttpServer.Map"/> and
/// <see cref="MiniHttpServer.MapStaticFiles"/> do on a server created by hand. Returned by
/// <c>services.AddMiniHttpServer(...)</c>; the routes are added to the server when the host creates it, at start, so a
/// malformed pattern fails the host's start.
/// </summary>
public sealed class MiniHttpServerBuilder
{
    internal MiniHttpServerBuilder(IServiceCollection services, string name)
    {
        Services = services;
        Name = name;
    }

    /// <summary>The service collection the server was added to.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The server's name: the name of its options and the key of its keyed <see cref="MiniHttpServer"/> service.</summary>
    public string Name { get; }

    /// <summary>Routes <paramref name="method"/> requests for <paramref name="pattern"/> to <paramref name="handler"/>; see <see cref="MiniHttpServer.Map"/>.</summary>
    /// <param name="method">The method, e.g. <c>GET</c>.</param>
    /// <param name="pattern">A path pattern starting with '/' (<c>/users/{id}</c>, <c>/files/{*path}</c>), or <c>*</c>.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>This builder, to chain calls.</returns>
    public MiniHttpServerBuilder Map(string method, string pattern, HttpHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(handler);
        return Add(server => server.Map(method, pattern, handler));
    }

    /// <summary>Serves the files under <paramref name="rootDirectory"/> at <paramref name="urlPrefix"/>; see <see cref="MiniHttpServer.MapStaticFiles"/>.</summary>
    /// <param name="urlPrefix">The URL path the folder appears at, e.g. <c>/</c> or <c>/static</c>.</param>
    /// <param name="rootDirectory">The folder to serve; it must exist when the host starts.</param>
    /// <param name="options">Default document, listing, fallback content type; <see langword="null"/> for the defaults.</param>
    /// <returns>This builder, to chain calls.</returns>
    public MiniHttpServerBuilder MapStaticFiles(string urlPrefix, string rootDirectory, StaticFileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(urlPrefix);
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        return Add(server => server.MapStaticFiles(urlPrefix, rootDirectory, options));
    }

    private MiniHttpServerBuilder Add(Action<MiniHttpServer> route)
    {
        Services.Configure<MiniHttpServerRoutes>(Name, routes => routes.Add(route));
        return this;
    }
}

// The routes of one named server, in the order they were mapped; named options so that each server has its own.
internal sealed class MiniHttpServerRoutes : List<Action<MiniHttpServer>>
{
}
