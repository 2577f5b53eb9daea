using System.Net;
using NetPrimitives.Http;

namespace NetPrimitives.Tests.Http;

/// <summary>Cookie parsing (tolerant, RFC 6265 §5.4 as browsers send it) and Set-Cookie writing (strict, §4.1).</summary>
public sealed class HttpCookieTests
{
    private static string Parse(params string[] fields)
    {
        var headers = new HttpHeaders();
        foreach (var field in fields)
        {
            headers.Add("Cookie", field);
        }

        return string.Join(" | ", HttpCookies.Parse(headers).Select(c => $"{c.Key}={c.Value}"));
    }

    [Theory]
    [InlineData("a=1", "a=1")]
    [InlineData("a=1; b=2", "a=1 | b=2")]
    [InlineData("a=1;b=2", "a=1 | b=2")] // no space after ';'
    [InlineData("  a = 1 ;\tb=2  ", "a=1 | b=2")] // whitespace around names, values and pairs
    [InlineData("a=1; a=2", "a=1 | a=2")] // the same name twice (two paths): both, in order
    [InlineData("a=\"quoted value\"", "a=quoted value")]
    [InlineData("a=\"", "a=\"")] // a lone quote stays
    [InlineData("a=", "a=")]
    [InlineData("=v", "=v")]
    [InlineData("nameless", "=nameless")] // RFC 6265bis §5.7: a nameless cookie is sent as its value
    [InlineData("a=1;;; b=2;", "a=1 | b=2")] // empty pairs are skipped
    [InlineData("a=x=y=z", "a=x=y=z")] // the first '=' splits
    [InlineData("a=1, b=2", "a=1, b=2")] // ',' is not a separator here (values may hold it)
    [InlineData("session=abc%20def", "session=abc%20def")] // no percent-decoding
    [InlineData("b=\u00e2\u0082\u00ac", "b=€")] // the field's bytes are UTF-8: decoded as such
    [InlineData("b=\u00e9", "b=\u00e9")] // not valid UTF-8: kept as Latin-1
    [InlineData("", "")]
    [InlineData(";", "")]
    public void Cookie_fields_are_read_as_browsers_send_them(string field, string expected)
    {
        Assert.Equal(expected, Parse(field));
    }

    [Fact]
    public void Several_cookie_fields_are_read_in_order_and_none_is_empty()
    {
        Assert.Equal("a=1 | b=2 | c=3", Parse("a=1", "b=2; c=3"));
        Assert.Same(HttpValueCollection.Empty, HttpCookies.Parse(new HttpHeaders()));
    }

    [Fact]
    public void Hostile_cookie_fields_are_read_in_one_pass()
    {
        var many = string.Join("; ", Enumerable.Range(0, 10_000).Select(i => $"c{i}=v{i}"));
        var headers = new HttpHeaders();
        headers.Add("Cookie", many);
        headers.Add("Cookie", new string(';', 100_000));
        headers.Add("Cookie", new string('=', 100_000));
        var cookies = HttpCookies.Parse(headers);
        Assert.Equal(10_001, cookies.Count);
        Assert.Equal("v9999", cookies["c9999"]);
        Assert.Equal(new string('=', 99_999), cookies[string.Empty]);
    }

    [Theory]
    [InlineData("id", "42", null, "id=42")]
    [InlineData("id", "", null, "id=")]
    [InlineData("id", "\"quoted\"", null, "id=\"quoted\"")]
    [InlineData("id", "a!#$%&'()*+-./:<=>?@[]^_`{|}~", null, "id=a!#$%&'()*+-./:<=>?@[]^_`{|}~")]
    [InlineData("id", "1", "all", "id=1; Path=/app; Domain=example.com; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Max-Age=3600; Secure; HttpOnly; SameSite=Strict")]
    [InlineData("id", "1", "lax", "id=1; SameSite=Lax")]
    [InlineData("id", "1", "none", "id=1; Secure; SameSite=None")]
    [InlineData("id", "", "delete", "id=; Path=/; Max-Age=0")]
    [InlineData("__Host-id", "1", "host", "__Host-id=1; Path=/; Secure")]
    [InlineData("__Secure-id", "1", "secure", "__Secure-id=1; Domain=.example.com; Secure")]
    public void Set_cookie_fields_are_written_with_their_attributes(string name, string value, string? options, string expected)
    {
        HttpCookieOptions? attributes = options switch
        {
            "all" => new()
            {
                Path = "/app", Domain = "example.com", Expires = new DateTimeOffset(1994, 11, 6, 8, 49, 37, TimeSpan.Zero),
                MaxAge = TimeSpan.FromHours(1.0001), Secure = true, HttpOnly = true, SameSite = CookieSameSite.Strict,
            },
            "lax" => new() { SameSite = CookieSameSite.Lax },
            "none" => new() { SameSite = CookieSameSite.None, Secure = true },
            "delete" => new() { Path = "/", MaxAge = TimeSpan.Zero },
            "host" => new() { Path = "/", Secure = true },
            "secure" => new() { Domain = ".example.com", Secure = true },
            _ => null,
        };
        Assert.Equal(expected, HttpCookies.Format(name, value, attributes));
    }

    [Theory]
    [InlineData("id", "a\r\nSet-Cookie: admin=1", "value")] // header injection
    [InlineData("id", "a\nb", "value")]
    [InlineData("id", "a\rb", "value")]
    [InlineData("id", "a; Domain=evil.example", "value")] // attribute injection
    [InlineData("id", "a,b", "value")]
    [InlineData("id", "a b", "value")]
    [InlineData("id", "a\"b", "value")]
    [InlineData("id", "\"a\"b\"", "value")]
    [InlineData("id", "a\\b", "value")]
    [InlineData("id", "a\0b", "value")]
    [InlineData("id", "a\u007Fb", "value")]
    [InlineData("id", "caf\u00e9", "value")] // not ASCII: encode it first
    [InlineData("", "1", "name")]
    [InlineData("a b", "1", "name")]
    [InlineData("a=b", "1", "name")]
    [InlineData("a;b", "1", "name")]
    [InlineData("a\r\nX-Evil: 1", "1", "name")]
    [InlineData("a(b)", "1", "name")]
    [InlineData("__Secure-id", "1", "name")] // the prefix requires Secure
    [InlineData("__host-id", "1", "name")] // ... whatever its case
    public void Set_cookie_refuses_what_would_break_the_field(string name, string value, string parameter)
    {
        var error = Assert.Throws<ArgumentException>(() => HttpCookies.Format(name, value, null));
        Assert.Equal(parameter, error.ParamName);
        Assert.DoesNotContain("\r", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("path", "/a;b")]
    [InlineData("path", "/a\r\nX: 1")]
    [InlineData("path", "relative")]
    [InlineData("path", "")]
    [InlineData("domain", "example.com; Secure")]
    [InlineData("domain", "exa mple.com")]
    [InlineData("domain", "example..com")]
    [InlineData("domain", "-example.com")]
    [InlineData("domain", "")]
    [InlineData("domain", "ex\r\nample.com")]
    [InlineData("samesite", "none-insecure")]
    [InlineData("host", "with-domain")]
    [InlineData("host", "other-path")]
    public void Set_cookie_refuses_broken_attributes(string attribute, string value)
    {
        var options = attribute switch
        {
            "path" => new HttpCookieOptions { Path = value },
            "domain" => new HttpCookieOptions { Domain = value },
            "samesite" => new HttpCookieOptions { SameSite = CookieSameSite.None },
            _ => new HttpCookieOptions { Secure = true, Path = value == "other-path" ? "/x" : "/", Domain = value == "with-domain" ? "example.com" : null },
        };
        Assert.Throws<ArgumentException>(() => HttpCookies.Format(attribute == "host" ? "__Host-id" : "id", "1", options));
    }

    [Fact]
    public void Set_cookie_refuses_negative_max_age_unknown_same_site_and_oversize()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HttpCookies.Format("id", "1", new HttpCookieOptions { MaxAge = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => HttpCookies.Format("id", "1", new HttpCookieOptions { SameSite = (CookieSameSite)9 }));
        Assert.Throws<ArgumentException>(() => HttpCookies.Format("id", new string('a', 4095), null));
        Assert.Equal(4096, HttpCookies.Format("id", new string('a', 4094), null).Length - 1);
        Assert.Throws<ArgumentNullException>(() => HttpCookies.Format("id", null!, null));
    }

    [Fact]
    public async Task Cookies_round_trip_through_a_real_client()
    {
        await using var server = await MiniHttpServerTests.StartAsync(s => s
            .Map("GET", "/login", (_, response) =>
            {
                response.SetCookie("session", "abc123", new HttpCookieOptions { Path = "/", HttpOnly = true, SameSite = CookieSameSite.Lax });
                response.SetCookie("theme", Uri.EscapeDataString("dark & wide"), new HttpCookieOptions { Path = "/" });
                return response.SendTextAsync("welcome").AsTask();
            })
            .Map("GET", "/me", (request, response) =>
                response.SendTextAsync($"{request.Cookies["session"]} {Uri.UnescapeDataString(request.Cookies["theme"] ?? "")} {request.Cookies.Count}").AsTask())
            .Map("GET", "/late", async (_, response) =>
            {
                await response.WriteAsync("x"u8.ToArray());
                response.SetCookie("late", "1");
            }));

        var jar = new CookieContainer();
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = jar }) { Timeout = TimeSpan.FromSeconds(10) };
        var login = await http.GetAsync($"http://{server.LocalEndPoint}/login");
        Assert.Equal(["session=abc123; Path=/; HttpOnly; SameSite=Lax", "theme=dark%20%26%20wide; Path=/"], login.Headers.GetValues("Set-Cookie"));
        Assert.Equal("abc123 dark & wide 2", await http.GetStringAsync($"http://{server.LocalEndPoint}/me"));

        // Too late once the head is sent: the handler fails after the head, so the connection is cut.
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("GET /late HTTP/1.1\r\nHost: x\r\n\r\n");
        var late = await client.ReadResponseAsync(headOnly: true);
        Assert.Null(late["Set-Cookie"]);
    }
}
