namespace NetPrimitives.Http;

/// <summary>
/// Routes by path and method. Among the routes whose pattern matches the path and that take the method, the most
/// specific pattern wins (<see cref="RoutePattern.ComparePrecedence"/>; then a route for the method itself over a GET
/// route answering HEAD; then the first mapped). Otherwise, RFC 9110 §9.1 decides: a method no route takes and the
/// server does not implement itself is 501; a path with routes, but not for this method, is 405 with Allow
/// (§15.5.6), or 204 with Allow for OPTIONS (§9.3.7); a path without routes is 404.
/// </summary>
internal sealed class HttpRouter
{
    private readonly object _gate = new();

    // Copy-on-write: Map is rare, dispatch is per request, so dispatch reads a snapshot without a lock.
    private Route[] _routes = [];

    internal enum Outcome
    {
        Found,
        NotFound,
        MethodNotAllowed,
        NotImplemented,
    }

    /// <summary>The server's response compression, frozen when it starts; <see langword="null"/> when off.</summary>
    public ResponseCompression? Compression { get; set; }

    /// <summary>Adds a route; see <see cref="RoutePattern.Parse"/> for patterns.</summary>
    public void Map(string method, string pattern, HttpHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(handler);
        if (!HttpChars.IsToken(method))
        {
            throw new ArgumentException($"'{method}' is not a valid method token.", nameof(method));
        }

        if (method == HttpMethods.Connect)
        {
            // CONNECT asks for a tunnel to an authority (RFC 9110 §9.3.6), not for a resource under a path.
            throw new ArgumentException("CONNECT is a proxy's method: MiniHttpServer answers it with 501 and cannot route it.", nameof(method));
        }

        if (pattern == "*" && method != HttpMethods.Options)
        {
            throw new ArgumentException("The pattern '*' (the target of 'OPTIONS *') is for OPTIONS only.", nameof(pattern));
        }

        var route = new Route(method, RoutePattern.Parse(pattern), handler);
        lock (_gate)
        {
            _routes = [.. _routes, route];
        }
    }

    /// <summary>Finds the route for a request. Allocates nothing.</summary>
    public Outcome Match(string method, string path, out Route? route)
    {
        var routes = Volatile.Read(ref _routes);
        route = null;
        var bestExact = false;
        var pathKnown = false;
        foreach (var candidate in routes)
        {
            if (!candidate.Pattern.Matches(path))
            {
                continue;
            }

            pathKnown = true;
            var exact = candidate.Method == method;
            if (!exact && !(method == HttpMethods.Head && candidate.Method == HttpMethods.Get))
            {
                continue;
            }

            var precedence = route is null ? -1 : candidate.Pattern.ComparePrecedence(route.Pattern);
            if (precedence < 0 || (precedence == 0 && exact && !bestExact))
            {
                route = candidate;
                bestExact = exact;
            }
        }

        return route is not null ? Outcome.Found
            : !Implements(routes, method) ? Outcome.NotImplemented
            : pathKnown ? Outcome.MethodNotAllowed
            : Outcome.NotFound;
    }

    public Task DispatchAsync(HttpRequest request, HttpResponse response)
    {
        var path = request.Path;
        var method = request.Method;
        response.Router = this;
        var outcome = Match(method, path, out var route);
        if (outcome == Outcome.Found)
        {
            response.Route = route!.Pattern.Text;
            if (route.Pattern.HasParameters)
            {
                request.RouteValues = route.Pattern.Capture(path);
            }

            var handled = route.Handler(request, response);
            return Compression is null ? handled : response.ReleaseCompressorOnFailureAsync(handled);
        }

        if (method == HttpMethods.Options && (outcome == Outcome.MethodNotAllowed || path == "*"))
        {
            // OPTIONS * asks about the server as a whole, OPTIONS /path about that resource (RFC 9110 §9.3.7).
            response.Headers.Set(HttpHeaderNames.Allow, path == "*" ? AllowHeader(null) : AllowHeader(path));
            response.StatusCode = 204;
            return Task.CompletedTask;
        }

        return outcome switch
        {
            // A 405 must say what is allowed (RFC 9110 §15.5.6): HttpResponse adds Allow to every 405 it starts.
            Outcome.MethodNotAllowed => response.SendErrorAsync(405, $"{method} is not allowed for {path}").AsTask(),
            Outcome.NotImplemented => response.SendErrorAsync(501, $"{method} is not implemented by this server").AsTask(),
            _ => response.SendErrorAsync(404, "No route for " + path).AsTask(),
        };
    }

    /// <summary>
    /// The Allow value for <paramref name="path"/>: the methods of every route matching it, HEAD with GET, and OPTIONS;
    /// for every route when <paramref name="path"/> is <see langword="null"/>.
    /// </summary>
    public string AllowHeader(string? path)
    {
        var methods = new SortedSet<string>(StringComparer.Ordinal) { HttpMethods.Options };
        foreach (var route in Volatile.Read(ref _routes))
        {
            if (path is null || route.Pattern.Matches(path))
            {
                methods.Add(route.Method);
                if (route.Method == HttpMethods.Get)
                {
                    methods.Add(HttpMethods.Head);
                }
            }
        }

        return string.Join(", ", methods);
    }

    // RFC 9110 §9.1: every general-purpose server supports GET and HEAD; OPTIONS the router answers itself.
    private static bool Implements(Route[] routes, string method)
    {
        if (method is HttpMethods.Get or HttpMethods.Head or HttpMethods.Options)
        {
            return true;
        }

        foreach (var route in routes)
        {
            if (route.Method == method)
            {
                return true;
            }
        }

        return false;
    }

    internal sealed record Route(string Method, RoutePattern Pattern, HttpHandler Handler);
}
