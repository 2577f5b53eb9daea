using System.Globalization;
using System.Text;

namespace NetPrimitives.Http;

/// <summary>
/// Cookies (RFC 6265): the Cookie request field read tolerantly, as browsers send it, and Set-Cookie fields
/// written strictly, so that nothing a caller passes can add an attribute or a field. Pure.
/// </summary>
internal static class HttpCookies
{
    // Browsers keep name and value up to 4,096 bytes together (RFC 6265 §6.1 asks for at least that).
    public const int MaxNameAndValueLength = 4096;

    private static readonly HttpCookieOptions NoAttributes = new();

    /// <summary>
    /// Parses every Cookie field: pairs separated by ';', whitespace around them dropped, a value's surrounding
    /// double quotes removed; a pair without '=' is a nameless cookie (name ""), as RFC 6265bis §5.7 sends it. Values
    /// that are valid UTF-8 are decoded as such (the header holds bytes). Never throws.
    /// </summary>
    public static HttpValueCollection Parse(HttpHeaders headers)
    {
        HttpValueCollection? cookies = null;
        for (var i = 0; i < headers.Count; i++)
        {
            var field = headers.FieldAt(i);
            if (!string.Equals(field.Key, HttpHeaderNames.Cookie, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rest = field.Value.AsSpan();
            while (!rest.IsEmpty)
            {
                var pair = HttpChars.TrimOws(HttpChars.TakeUntil(ref rest, ';'));
                if (pair.IsEmpty)
                {
                    continue;
                }

                var equals = pair.IndexOf('=');
                var name = equals < 0 ? [] : HttpChars.TrimOws(pair[..equals]);
                var value = equals < 0 ? pair : HttpChars.TrimOws(pair[(equals + 1)..]);
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                {
                    value = value[1..^1];
                }

                (cookies ??= new HttpValueCollection()).Add(Text(name), Text(value));
            }
        }

        return cookies ?? HttpValueCollection.Empty;
    }

    /// <summary>The Set-Cookie field value for a cookie (RFC 6265 §4.1.1), after checking every part.</summary>
    /// <exception cref="ArgumentException">A part would break the field: see <see cref="HttpResponse.SetCookie"/>.</exception>
    public static string Format(string name, string value, HttpCookieOptions? options)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);

        // cookie-name = token (RFC 9110 §5.6.2): no separators, so no '=', ';', ',', space, CR or LF.
        if (!HttpChars.IsToken(name))
        {
            throw new ArgumentException($"A cookie name is a token (letters, digits and !#$%&'*+-.^_`|~), not '{Escape(name)}'.", nameof(name));
        }

        // cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE ): no CTLs, space, '"', ',', ';' or '\'.
        var inner = value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value.AsSpan(1, value.Length - 2) : value.AsSpan();
        var bad = inner.IndexOfAnyExcept(CookieOctets);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"A cookie value may not hold {Describe(inner[bad])}; encode it first (for example with Uri.EscapeDataString).", nameof(value));
        }

        if (name.Length + value.Length > MaxNameAndValueLength)
        {
            throw new ArgumentException($"Name and value are {name.Length + value.Length} characters; browsers keep at most {MaxNameAndValueLength}.", nameof(value));
        }

        options ??= NoAttributes;
        CheckPrefix(name, options);
        var field = new StringBuilder(name.Length + value.Length + 64).Append(name).Append('=').Append(value);

        if (options.Path is { } path)
        {
            // path-value = *av-octet (any CHAR but CTLs and ';'); one starting with '/' is the only kind a browser keeps.
            var badPath = path.AsSpan().IndexOfAnyExcept(AttributeOctets);
            if (path.Length == 0 || path[0] != '/' || badPath >= 0)
            {
                throw new ArgumentException(
                    badPath >= 0 ? $"A cookie path may not hold {Describe(path[badPath])}." : "A cookie path starts with '/'.", "options.Path");
            }

            field.Append("; Path=").Append(path);
        }

        if (options.Domain is { } domain)
        {
            if (!IsDomain(domain))
            {
                throw new ArgumentException($"'{Escape(domain)}' is not a domain name (letters, digits, '-' and '.', RFC 1034 §3.5).", "options.Domain");
            }

            field.Append("; Domain=").Append(domain);
        }

        if (options.Expires is { } expires)
        {
            field.Append("; Expires=").Append(HttpDate.Format(expires));
        }

        if (options.MaxAge is { } maxAge)
        {
            if (maxAge < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException("options.MaxAge", maxAge, "Max-Age cannot be negative; TimeSpan.Zero deletes the cookie.");
            }

            field.Append("; Max-Age=").Append(((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }

        if (options.Secure)
        {
            field.Append("; Secure");
        }

        if (options.HttpOnly)
        {
            field.Append("; HttpOnly");
        }

        if (options.SameSite is { } sameSite)
        {
            if (!Enum.IsDefined(sameSite))
            {
                throw new ArgumentOutOfRangeException("options.SameSite", sameSite, "Not a SameSite value.");
            }

            // Browsers drop a SameSite=None cookie that is not Secure: better to fail here than silently there.
            if (sameSite == CookieSameSite.None && !options.Secure)
            {
                throw new ArgumentException("SameSite=None requires Secure: browsers drop the cookie otherwise.", "options.SameSite");
            }

            field.Append("; SameSite=").Append(sameSite.ToString());
        }

        return field.ToString();
    }

    /// <summary>Cookie name prefixes (RFC 6265bis §4.1.3): browsers drop such cookies without the attributes they promise.</summary>
    private static void CheckPrefix(string name, HttpCookieOptions options)
    {
        if (name.StartsWith("__Secure-", StringComparison.OrdinalIgnoreCase) && !options.Secure)
        {
            throw new ArgumentException("A __Secure- cookie must be Secure.", nameof(name));
        }

        if (name.StartsWith("__Host-", StringComparison.OrdinalIgnoreCase) && (!options.Secure || options.Path != "/" || options.Domain is not null))
        {
            throw new ArgumentException("A __Host- cookie must be Secure, with Path=/ and no Domain.", nameof(name));
        }
    }

    private static bool IsDomain(string domain)
    {
        var labels = (domain.StartsWith('.') ? domain[1..] : domain).Split('.');
        return domain.Length is > 0 and <= 253
            && labels.All(l => l.Length is > 0 and <= 63 && l[0] != '-' && l[^1] != '-' && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }

    private static string Text(ReadOnlySpan<char> latin1)
    {
        if (System.Text.Ascii.IsValid(latin1))
        {
            return latin1.ToString();
        }

        // The field's bytes came in as Latin-1 characters; a browser sends a cookie's UTF-8 as it was set.
        Span<byte> bytes = latin1.Length <= 256 ? stackalloc byte[latin1.Length] : new byte[latin1.Length];
        for (var i = 0; i < latin1.Length; i++)
        {
            bytes[i] = (byte)latin1[i];
        }

        return System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : latin1.ToString();
    }

    private static string Describe(char c) => c switch
    {
        '\r' => "CR",
        '\n' => "LF",
        ';' => "';'",
        ',' => "','",
        '"' => "'\"'",
        '\\' => "'\\'",
        ' ' => "a space",
        _ when char.IsControl(c) => $"the control character U+{(int)c:X4}",
        _ => $"'{c}' (U+{(int)c:X4})",
    };

    // Names in messages show controls escaped, so a log line cannot be split by them either.
    private static string Escape(string text) => text.ReplaceLineEndings("\\n").Replace("\t", "\\t", StringComparison.Ordinal);

    // cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
    private static readonly System.Buffers.SearchValues<char> CookieOctets = System.Buffers.SearchValues.Create(
        "!#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    // av-octet = %x20-3A / %x3C-7E (CHAR except CTLs and ';')
    private static readonly System.Buffers.SearchValues<char> AttributeOctets = System.Buffers.SearchValues.Create(
        " !\"#$%&'()*+,-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");
}
