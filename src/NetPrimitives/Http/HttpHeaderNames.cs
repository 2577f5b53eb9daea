namespace NetPrimitives.Http;

/// <summary>Field names the server reads or writes, interned so that parsing them allocates nothing.</summary>
internal static class HttpHeaderNames
{
    public const string Host = "Host";
    public const string ContentLength = "Content-Length";
    public const string TransferEncoding = "Transfer-Encoding";
    public const string Connection = "Connection";
    public const string Expect = "Expect";
    public const string ContentType = "Content-Type";
    public const string UserAgent = "User-Agent";
    public const string Accept = "Accept";
    public const string AcceptEncoding = "Accept-Encoding";
    public const string AcceptLanguage = "Accept-Language";
    public const string Date = "Date";
    public const string Server = "Server";
    public const string Allow = "Allow";
    public const string IfModifiedSince = "If-Modified-Since";
    public const string IfNoneMatch = "If-None-Match";
    public const string Range = "Range";
    public const string Cookie = "Cookie";
    public const string Referer = "Referer";
    public const string Authorization = "Authorization";
    public const string CacheControl = "Cache-Control";
    public const string Upgrade = "Upgrade";

    private static readonly string[] Known =
    [
        Host, ContentLength, TransferEncoding, Connection, Expect, ContentType, UserAgent, Accept, AcceptEncoding,
        AcceptLanguage, Date, Server, Allow, IfModifiedSince, IfNoneMatch, Range, Cookie, Referer, Authorization,
        CacheControl, Upgrade,
    ];

    // Indices in Known of the fields the framing rules look at (KnownFields has 64 bits: Known stays shorter).
    public static readonly int HostIndex = Array.IndexOf(Known, Host);
    public static readonly int ContentLengthIndex = Array.IndexOf(Known, ContentLength);
    public static readonly int TransferEncodingIndex = Array.IndexOf(Known, TransferEncoding);
    public static readonly int ConnectionIndex = Array.IndexOf(Known, Connection);
    public static readonly int ExpectIndex = Array.IndexOf(Known, Expect);
    public static readonly int ContentTypeIndex = Array.IndexOf(Known, ContentType);

    /// <summary>How many names <see cref="Intern(ReadOnlySpan{byte}, out int)"/> knows.</summary>
    public static int KnownCount => Known.Length;

    /// <summary>The canonical interned name when <paramref name="name"/> is a known field (any case), else a new string.</summary>
    public static string Intern(ReadOnlySpan<byte> name) => Intern(name, out _);

    /// <summary>As <see cref="Intern(ReadOnlySpan{byte})"/>, with the name's index among the known ones (-1 when unknown).</summary>
    public static string Intern(ReadOnlySpan<byte> name, out int index)
    {
        for (index = 0; index < Known.Length; index++)
        {
            var known = Known[index];
            if (known.Length == name.Length && EqualsIgnoreCase(name, known))
            {
                return known;
            }
        }

        index = -1;
        return System.Text.Encoding.ASCII.GetString(name);
    }

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> bytes, string ascii)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            // Both sides are tokens (ASCII), so OR-ing 0x20 folds letters and leaves the other tchars distinct enough
            // to check exactly below.
            var b = bytes[i];
            var c = ascii[i];
            if (b != c && (b | 0x20) != (c | 0x20))
            {
                return false;
            }

            if (b != c && !char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
