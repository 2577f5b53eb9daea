using System.Net;
using System.Net.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetPrimitives.Transport;

namespace NetPrimitives.Http;

/// <summary>
/// A small, strict HTTP/1.1 server on the shared TCP transport: routes with parameters (<see cref="Map"/>), keep-alive
/// and pipelining (responses strictly in order), chunked bodies both ways, <c>Expect: 100-continue</c>, HEAD,
/// 404/405/501/OPTIONS, cookies, static files, opt-in compression (<see cref="MiniHttpServerOptions.Compression"/>),
/// Kestrel's limits (<see cref="HttpLimits"/>), an access log in Common Log Format and metrics. Malformed requests are
/// answered with their status (400, 408, 413, 414, 431, 501, 505) and that connection is closed; others carry on.
/// </summary>
/// <example>
/// <code>
/// await using var server = new MiniHttpServer(new MiniHttpServerOptions());
/// server.Map("GET", "/", (request, response) => response.SendTextAsync("Hello, World!").AsTask());
/// await server.StartAsync();
/// Console.WriteLine($"http://{server.LocalEndPoint}/");
/// </code>
/// </example>
public sealed class MiniHttpServer : IAsyncDisposable
{
    // The server lifecycle (bind, accept, limits, idle timeout, drain, dispose) shared with every TCP server.
    private readonly TcpConnectionListener _listener;

    /// <summary>Creates a server; nothing is bound until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Endpoint, connection limit, HTTP limits. Read when the server starts.</param>
    /// <param name="logger">Receives the access log (Information, event 402) and server events; <see langword="null"/> for none.</param>
    public MiniHttpServer(MiniHttpServerOptions options, ILogger<MiniHttpServer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Logger = (ILogger?)logger ?? NullLogger.Instance;
        Parser = new HttpRequestParser(options.Limits);
        DateCache = new HttpDateCache(options.TimeProvider);
        // HTTPS with the transport's TLS (options.Tls); ALPN offers HTTP/1.1 only, the one version this server speaks.
        Scheme = options.Tls is null ? "http" : "https";
        Metrics = HttpMetrics.For(options.MeterFactory);
        _listener = new TcpConnectionListener(options, RunConnectionAsync, Logger, applicationProtocols: options.Tls is null ? null : [SslApplicationProtocol.Http11]);
    }

    /// <summary>The endpoint the server listens on, with the real port when port 0 was asked for.</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public IPEndPoint LocalEndPoint => _listener.BoundEndPoint;

    internal MiniHttpServerOptions Options { get; }

    // url.scheme in the logs and metrics: "https" when the server has TLS options.
    internal string Scheme { get; }

    internal ILogger Logger { get; }

    // Looked up once: every request of every connection records through it.
    internal HttpMetrics Metrics { get; }

    internal HttpRequestParser Parser { get; private set; }

    internal HttpDateCache DateCache { get; }

    internal HttpRouter Router { get; } = new();

    internal TcpConnectionListener Listener => _listener;

    /// <summary>
    /// Routes <paramref name="method"/> requests for <paramref name="pattern"/> to <paramref name="handler"/>. A pattern
    /// is literal segments (<c>/users</c>), parameters that take one whole non-empty segment (<c>/users/{id}</c>, read
    /// with <see cref="HttpRequest.RouteValues"/>), and an optional last catch-all that takes the rest of the path,
    /// possibly nothing (<c>/files/{*path}</c>, or <c>/files/*</c> unnamed). When several routes match, a literal
    /// segment beats a parameter and a parameter beats a catch-all, from the left; a GET route also answers HEAD.
    /// A path with routes but none for the method is answered 405 with Allow (OPTIONS: 204 with Allow, as is
    /// <c>OPTIONS *</c>, unless mapped, with the pattern <c>*</c>); a method no route takes is 501. May be called before
    /// or after starting.
    /// </summary>
    /// <param name="method">The method, e.g. <c>GET</c> (case-sensitive); not CONNECT (the server is not a proxy).</param>
    /// <param name="pattern">A path pattern starting with '/', or <c>*</c> for <c>OPTIONS *</c>.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>This server, to chain calls.</returns>
    /// <exception cref="ArgumentException">The method is not a token or is CONNECT, or the pattern is malformed.</exception>
    public MiniHttpServer Map(string method, string pattern, HttpHandler handler)
    {
        Router.Map(method, pattern, handler);
        return this;
    }

    /// <summary>
    /// Serves the files under <paramref name="rootDirectory"/> at <paramref name="urlPrefix"/> (GET and HEAD), like Python's
    /// SimpleHTTPServer: index.html for directories, content types, Last-Modified / If-Modified-Since and ETag /
    /// If-None-Match (304), byte ranges (206, several as multipart/byteranges; 416), optional directory listing. Paths that would leave the root
    /// (dot segments, encoded or not, symbolic links pointing outside) are answered with 404; a backslash or an encoded
    /// control byte in a path never gets here (the request is refused with 400).
    /// </summary>
    /// <param name="urlPrefix">The URL path the folder appears at, e.g. <c>/</c> or <c>/static</c>.</param>
    /// <param name="rootDirectory">The folder to serve.</param>
    /// <param name="options">Default document, listing, fallback content type; <see langword="null"/> for the defaults.</param>
    /// <returns>This server, to chain calls.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">The prefix does not start with '/' or holds '{', '}' or '*'.</exception>
    public MiniHttpServer MapStaticFiles(string urlPrefix, string rootDirectory, StaticFileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(urlPrefix);
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        if (urlPrefix[0] != '/' || urlPrefix.AsSpan().IndexOfAny('{', '}', '*') >= 0)
        {
            // The handler takes the file's path as what follows the prefix, so the prefix is literal.
            throw new ArgumentException("A static-file prefix is a literal path starting with '/' (no parameters, no '*').", nameof(urlPrefix));
        }

        var handler = new StaticFileHandler(urlPrefix, rootDirectory, options ?? new StaticFileOptions(), Options.TimeProvider);
        Router.Map(HttpMethods.Get, urlPrefix.TrimEnd('/') + "/*", handler.HandleAsync);
        return this;
    }

    /// <summary>Binds and starts accepting; returns once the server is listening.</summary>
    /// <param name="cancellationToken">Checked before starting.</param>
    /// <returns>A task that completes once listening.</returns>
    /// <exception cref="AddressInUseException">Another socket already listens on the endpoint.</exception>
    /// <exception cref="TransportException">Binding failed otherwise.</exception>
    /// <exception cref="InvalidOperationException">The server was already started.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Parser = new HttpRequestParser(Options.Limits);
        Router.Compression = ResponseCompression.From(Options.Compression);
        HttpLog.Started(Logger, Scheme, _listener.Start());
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops accepting, closes idle connections, lets requests in flight finish (their responses say
    /// <c>Connection: close</c>) until <paramref name="cancellationToken"/> fires, then aborts the rest. Never hangs.
    /// </summary>
    /// <param name="cancellationToken">When it fires, connections still open are aborted.</param>
    /// <returns>A task that completes when every connection is closed.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (await _listener.StopAsync(cancellationToken).ConfigureAwait(false))
        {
            HttpLog.Stopped(Logger, _listener.BoundEndPoint);
        }
    }

    /// <summary>Stops at once: open connections are aborted.</summary>
    /// <returns>A task that completes when every connection is closed.</returns>
    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private Task RunConnectionAsync(SocketConnection connection, CancellationToken stopping) =>
        new HttpConnection(this, connection, connection.Id, connection.RemoteEndPoint, connection.LocalEndPoint, stopping).RunAsync();
}
