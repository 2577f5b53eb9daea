using NetPrimitives.Http;

namespace NetPrimitives.Tests.Http;

/// <summary>Route patterns and route selection, pure: parameters, catch-alls, precedence, 404/405/501, allocation.</summary>
public sealed class HttpRouterTests
{
    private static readonly HttpHandler Nothing = (_, _) => Task.CompletedTask;

    [Theory]
    [InlineData("/users/{id}", "/users/42", "id=42")]
    [InlineData("/users/{id}", "/users/a%20b", "id=a%20b")] // the router sees the decoded path: what it holds, it gives
    [InlineData("/users/{id}/posts/{post}", "/users/7/posts/x.y", "id=7 post=x.y")]
    [InlineData("/files/{*rest}", "/files/a/b/c.txt", "rest=a/b/c.txt")]
    [InlineData("/files/{*rest}", "/files/", "rest=")]
    [InlineData("/files/{*rest}", "/files", "rest=")]
    [InlineData("/files/{*rest}", "/files//x", "rest=/x")]
    [InlineData("/{*all}", "/", "all=")]
    [InlineData("/{*all}", "/x/y", "all=x/y")]
    [InlineData("/{a}/{*rest}", "/one/two/three", "a=one rest=two/three")]
    [InlineData("/files/*", "/files/a/b", "")] // the unnamed catch-all matches, with no value
    [InlineData("/hello", "/hello", "")]
    [InlineData("/", "/", "")]
    [InlineData("/a//b", "/a//b", "")] // empty segments are literal segments too
    public void Patterns_match_and_capture(string pattern, string path, string values)
    {
        var parsed = RoutePattern.Parse(pattern);
        Assert.True(parsed.Matches(path), $"{pattern} should match {path}");
        Assert.Equal(values, string.Join(' ', parsed.Capture(path).Select(p => $"{p.Key}={p.Value}")));
        Assert.Equal(values.Length > 0, parsed.HasParameters);
    }

    [Theory]
    [InlineData("/users/{id}", "/users")]
    [InlineData("/users/{id}", "/users/")] // a parameter is never empty
    [InlineData("/users/{id}", "/users/1/2")]
    [InlineData("/users/{id}", "/Users/1")] // literals are case-sensitive, like the rest of the path
    [InlineData("/users/{id}", "users/1")]
    [InlineData("/users/{id}", "*")]
    [InlineData("/users/{id}", "example.com:443")] // a CONNECT target
    [InlineData("/users/{id}", "")]
    [InlineData("/files/{*rest}", "/filesx")]
    [InlineData("/files/{*rest}", "/file")]
    [InlineData("/files/*", "/filesx/a")]
    [InlineData("/hello", "/hello/")]
    [InlineData("/hello", "/hello/x")]
    [InlineData("/hello/", "/hello")]
    [InlineData("/{*all}", "*")]
    [InlineData("/a/{b}/c", "/a/b/d")]
    [InlineData("/a/{b}/c", "/a//c")]
    public void Patterns_refuse_what_they_do_not_describe(string pattern, string path)
    {
        Assert.False(RoutePattern.Parse(pattern).Matches(path), $"{pattern} should not match '{path}'");
    }

    [Theory]
    [InlineData("")]
    [InlineData("users")]
    [InlineData("/users/{")]
    [InlineData("/users/{id")]
    [InlineData("/users/id}")]
    [InlineData("/users/{}")]
    [InlineData("/users/{*}")]
    [InlineData("/users/{ id }")]
    [InlineData("/users/{i-d}")]
    [InlineData("/users/{id?}")]
    [InlineData("/users/{id:int}")]
    [InlineData("/users/x{id}")]
    [InlineData("/users/{id}x")]
    [InlineData("/users/{{id}}")]
    [InlineData("/{id}/{id}")]
    [InlineData("/{id}/{*id}")]
    [InlineData("/a/{*rest}/b")]
    [InlineData("/a/{*rest}/")]
    public void Invalid_patterns_are_refused(string pattern)
    {
        var router = new HttpRouter();
        Assert.ThrowsAny<ArgumentException>(() => router.Map("GET", pattern, Nothing));
    }

    [Fact]
    public void Map_refuses_connect_bad_methods_and_asterisk_for_other_than_options()
    {
        var router = new HttpRouter();
        Assert.Contains("501", Assert.Throws<ArgumentException>(() => router.Map("CONNECT", "/x", Nothing)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => router.Map("GET", "*", Nothing));
        Assert.Throws<ArgumentException>(() => router.Map("G T", "/x", Nothing));
        Assert.Throws<ArgumentNullException>(() => router.Map("GET", "/x", null!));
        router.Map("OPTIONS", "*", Nothing);
        Assert.Equal(HttpRouter.Outcome.Found, router.Match("OPTIONS", "*", out _));
    }

    [Theory]
    [InlineData("GET", "/users/admin", "GET /users/admin")] // a literal beats a parameter
    [InlineData("GET", "/users/7", "GET /users/{id}")]
    [InlineData("GET", "/users/7/posts", "GET /users/{id}/posts")] // a parameter beats a catch-all
    [InlineData("GET", "/users/7/other", "GET /users/{*rest}")]
    [InlineData("GET", "/users", "GET /users")] // an end beats a catch-all that would take nothing
    [InlineData("GET", "/users/admin/posts", "GET /users/admin/{*rest}")] // the leftmost difference decides
    [InlineData("GET", "/static/app.js", "GET /static/*")]
    [InlineData("GET", "/other", "GET /{*all}")]
    [InlineData("DELETE", "/users/admin", "DELETE /users/{id}")] // the literal has no DELETE: the parameter route serves it
    [InlineData("HEAD", "/users/7", "GET /users/{id}")] // HEAD is served by GET
    [InlineData("HEAD", "/head", "HEAD /head")] // ... unless HEAD is mapped for the same pattern
    [InlineData("GET", "/twice/x", "GET /twice/{a}")] // equal precedence: the first mapped
    public void The_most_specific_route_that_takes_the_method_wins(string method, string path, string expected)
    {
        var router = new HttpRouter();
        foreach (var route in new[]
        {
            "GET /{*all}", "GET /users/{*rest}", "GET /users/{id}", "DELETE /users/{id}", "GET /users/admin", "GET /users",
            "GET /users/{id}/posts", "GET /users/admin/{*rest}", "GET /static/*", "GET /head", "HEAD /head", "GET /twice/{a}", "GET /twice/{b}",
        })
        {
            var parts = route.Split(' ');
            router.Map(parts[0], parts[1], Nothing);
        }

        Assert.Equal(HttpRouter.Outcome.Found, router.Match(method, path, out var found));
        Assert.Equal(expected, $"{found!.Method} {found.Pattern}");
    }

    [Fact]
    public void Outcomes_follow_rfc_9110_section_9_1()
    {
        var router = new HttpRouter();
        router.Map("GET", "/items/{id}", Nothing);
        router.Map("PUT", "/items/{id}", Nothing);
        router.Map("POST", "/items", Nothing);

        // §15.5.6: the path has routes, the method is implemented elsewhere: 405.
        Assert.Equal(HttpRouter.Outcome.MethodNotAllowed, router.Match("POST", "/items/1", out _));
        Assert.Equal(HttpRouter.Outcome.MethodNotAllowed, router.Match("PUT", "/items", out _));
        Assert.Equal(HttpRouter.Outcome.MethodNotAllowed, router.Match("GET", "/items", out _));
        Assert.Equal(HttpRouter.Outcome.MethodNotAllowed, router.Match("OPTIONS", "/items", out _)); // the dispatcher answers 204

        // §9.1: a method no route takes and the server does not implement itself: 501, wherever it points.
        Assert.Equal(HttpRouter.Outcome.NotImplemented, router.Match("DELETE", "/items/1", out _));
        Assert.Equal(HttpRouter.Outcome.NotImplemented, router.Match("CONNECT", "example.com:443", out _));
        Assert.Equal(HttpRouter.Outcome.NotImplemented, router.Match("CONNECT", "/items/1", out _));
        Assert.Equal(HttpRouter.Outcome.NotImplemented, router.Match("TRACE", "/items/1", out _));
        Assert.Equal(HttpRouter.Outcome.NotImplemented, router.Match("get", "/items/1", out _)); // methods are case-sensitive
        Assert.Equal(HttpRouter.Outcome.NotImplemented, router.Match("BREW", "/nowhere", out _));

        // GET, HEAD and OPTIONS are always implemented: an unknown path is 404 for them, and for mapped methods.
        Assert.Equal(HttpRouter.Outcome.NotFound, router.Match("GET", "/nowhere", out _));
        Assert.Equal(HttpRouter.Outcome.NotFound, router.Match("HEAD", "/nowhere", out _));
        Assert.Equal(HttpRouter.Outcome.NotFound, router.Match("OPTIONS", "/nowhere", out _));
        Assert.Equal(HttpRouter.Outcome.NotFound, router.Match("PUT", "/nowhere", out _));
        Assert.Equal(HttpRouter.Outcome.NotFound, router.Match("GET", "*", out _));
        Assert.Equal(HttpRouter.Outcome.NotFound, router.Match("GET", "/items/", out _));

        Assert.Equal("GET, HEAD, OPTIONS, PUT", router.AllowHeader("/items/1"));
        Assert.Equal("OPTIONS, POST", router.AllowHeader("/items"));
        Assert.Equal("GET, HEAD, OPTIONS, POST, PUT", router.AllowHeader(null));
    }

    [Fact]
    public void Routing_a_path_without_parameters_allocates_nothing()
    {
        var router = new HttpRouter();
        router.Map("GET", "/", Nothing);
        router.Map("GET", "/plaintext", Nothing);
        router.Map("GET", "/users/{id}", Nothing);
        router.Map("GET", "/users/{id}/posts/{*rest}", Nothing);
        router.Map("POST", "/users", Nothing);
        router.Map("GET", "/static/*", Nothing);
        router.Map("GET", "/files/{*path}", Nothing);
        string[] paths = ["/plaintext", "/", "/static/app.js", "/users", "/nowhere"];
        foreach (var path in paths)
        {
            router.Match("GET", path, out _); // warm up
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = 0;
        for (var i = 0; i < 100; i++)
        {
            foreach (var path in paths)
            {
                found += router.Match("GET", path, out var route) == HttpRouter.Outcome.Found && !route!.Pattern.HasParameters ? 1 : 0;
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(300, found); // /plaintext, / and /static/app.js; /users has only POST (405), /nowhere is 404
        Assert.Same(HttpValueCollection.Empty, RoutePattern.Parse("/plaintext").Capture("/plaintext"));
    }

    [Theory]
    [InlineData(100_000, '/')]
    [InlineData(100_000, 'a')]
    public void Hostile_paths_are_matched_in_one_pass(int length, char fill)
    {
        // A long path of slashes or of one segment: every pattern walks it once, and nothing matches by accident.
        var router = new HttpRouter();
        router.Map("GET", "/{a}/{b}/{c}", Nothing);
        router.Map("GET", "/x/{*rest}", Nothing);
        var path = "/" + new string(fill, length);
        Assert.Equal(HttpRouter.Outcome.NotFound, router.Match("GET", path, out _));
        Assert.Equal(HttpRouter.Outcome.Found, router.Match("GET", "/x/" + path, out var route));
        Assert.Equal(path, route!.Pattern.Capture("/x/" + path)["rest"]);
    }
}
