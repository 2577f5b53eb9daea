namespace NetPrimitives.Http;

/// <summary>
/// Routes by path, then method: an exact path beats a prefix, a longer prefix beats a shorter one. No route for the
/// path is 404; a route for the path but not the method is 405 with Allow (RFC 9110 §15.5.6); OPTIONS is answered
/// with Allow (§9.3.7); a GET route also serves HEAD (§9.3.2).
/// </summary>
internal sealed class HttpRouter
{
    private readonly object _gate = new();

    // Copy-on-write: Map is rare, dispatch is per request, so dispatch reads a snapshot without a lock.
    private Route[] _routes = [];

    /// <summary>Adds a route. A pattern ending in "/*" is a prefix: "/files/*" matches "/files" and everything below it.</summary>
    public void Map(string method, string pattern, HttpHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(handler);
        if (!HttpChars.IsToken(method))
        {
            throw new ArgumentException($"'{method}' is not a valid method token.", nameof(method));
        }

        if (pattern[0] != '/')
        {
            throw new ArgumentException("A route pattern starts with '/'.", nameof(pattern));
        }

        var prefix = pattern.EndsWith("/*", StringComparison.Ordinal);
        var path = prefix ? pattern[..^2] : pattern;
        lock (_gate)
        {
            _routes = [.. _routes, new Route(method, path, prefix, handler)];
        }
    }

    public Task DispatchAsync(HttpRequest request, HttpResponse response)
    {
        var path = request.Path;
        var method = request.Method;
        var routes = Volatile.Read(ref _routes);
        if (path == "*")
        {
            // OPTIONS * asks about the server as a whole (RFC 9110 §9.3.7).
            response.Headers.Set(HttpHeaderNames.Allow, AllowHeader(routes));
            return Task.CompletedTask;
        }

        // The best score among the routes for the path, then the first of those that takes the method: no allocation.
        var bestScore = -1;
        foreach (var route in routes)
        {
            bestScore = Math.Max(bestScore, Score(route, path));
        }

        if (bestScore < 0)
        {
            return response.SendErrorAsync(404, "No route for " + path).AsTask();
        }

        foreach (var route in routes)
        {
            if (Score(route, path) == bestScore
                && (route.Method == method || (method == HttpMethods.Head && route.Method == HttpMethods.Get)))
            {
                return route.Handler(request, response);
            }
        }

        return AnswerOtherMethod(routes, bestScore, request, response);
    }

    // Apart, so that the lambda's closure is not allocated on every dispatch (a closure lives in its declaring scope).
    private static Task AnswerOtherMethod(Route[] routes, int bestScore, HttpRequest request, HttpResponse response)
    {
        var path = request.Path;
        var candidates = routes.Where(r => Score(r, path) == bestScore).ToList();
        response.Headers.Set(HttpHeaderNames.Allow, AllowHeader(candidates));
        if (request.Method == HttpMethods.Options)
        {
            response.StatusCode = 204;
            return Task.CompletedTask;
        }

        return response.SendErrorAsync(405, $"{request.Method} is not allowed for {path}").AsTask();
    }

    // Exact beats any prefix; a longer prefix beats a shorter one; -1 is no match.
    private static int Score(Route route, string path)
    {
        if (!route.Prefix)
        {
            return string.Equals(route.Path, path, StringComparison.Ordinal) ? int.MaxValue : -1;
        }

        if (path.Length == route.Path.Length ? string.Equals(path, route.Path, StringComparison.Ordinal)
            : path.StartsWith(route.Path, StringComparison.Ordinal) && (route.Path.EndsWith('/') || path[route.Path.Length] == '/'))
        {
            return route.Path.Length;
        }

        return -1;
    }

    private static string AllowHeader(IEnumerable<Route> routes)
    {
        var methods = new SortedSet<string>(StringComparer.Ordinal) { HttpMethods.Options };
        foreach (var route in routes)
        {
            methods.Add(route.Method);
            if (route.Method == HttpMethods.Get)
            {
                methods.Add(HttpMethods.Head);
            }
        }

        return string.Join(", ", methods);
    }

    private sealed record Route(string Method, string Path, bool Prefix, HttpHandler Handler);
}
