namespace NetPrimitives.Http;

/// <summary>The SameSite attribute of a cookie: when a browser sends it with requests from other sites.</summary>
public enum CookieSameSite
{
    /// <summary>Only with requests from the same site.</summary>
    Strict,

    /// <summary>Also with top-level navigations from other sites (the browsers' default when the attribute is absent).</summary>
    Lax,

    /// <summary>With every request, also from other sites; browsers require <see cref="HttpCookieOptions.Secure"/> with it.</summary>
    None,
}

/// <summary>
/// The attributes of a cookie set with <see cref="HttpResponse.SetCookie"/> (RFC 6265 §4.1). Each is left out of
/// the Set-Cookie field when unset.
/// </summary>
public sealed class HttpCookieOptions
{
    /// <summary>The path the cookie is sent for, starting with '/'; <see langword="null"/> lets the browser use the request's directory.</summary>
    public string? Path { get; set; }

    /// <summary>The domain the cookie is sent to, with its subdomains; <see langword="null"/> for this host only.</summary>
    public string? Domain { get; set; }

    /// <summary>When the cookie expires; <see langword="null"/> for a session cookie (unless <see cref="MaxAge"/> is set).</summary>
    public DateTimeOffset? Expires { get; set; }

    /// <summary>How long the cookie lives, in whole seconds; it takes precedence over <see cref="Expires"/>. <see cref="TimeSpan.Zero"/> deletes the cookie.</summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>Send the cookie over HTTPS only.</summary>
    public bool Secure { get; set; }

    /// <summary>Hide the cookie from scripts (<c>document.cookie</c>).</summary>
    public bool HttpOnly { get; set; }

    /// <summary>The SameSite attribute, or <see langword="null"/> to leave it out.</summary>
    public CookieSameSite? SameSite { get; set; }
}
