namespace NetPrimitives.Http;

internal sealed partial class HttpRequestParser
{
    /// <summary>request-line = method SP request-target SP HTTP-version (RFC 9112 §3).</summary>
    private static (string Method, string Target, HttpVersion Version) ParseRequestLine(ReadOnlySpan<byte> line, RequestHeadReuse? reuse)
    {
        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace <= 0)
        {
            HttpThrow.BadRequest("Malformed request line");
        }

        var methodBytes = line[..firstSpace];
        if (!HttpChars.IsToken(methodBytes))
        {
            HttpThrow.BadRequest("Invalid method");
        }

        var rest = line[(firstSpace + 1)..];
        var secondSpace = rest.IndexOf((byte)' ');

        // RFC 9112 §3: exactly one SP between the parts; a second SP, or none, is a malformed line.
        if (secondSpace <= 0)
        {
            HttpThrow.BadRequest("Malformed request line");
        }

        var targetBytes = rest[..secondSpace];
        var version = ParseVersion(rest[(secondSpace + 1)..]);
        var method = HttpMethods.Intern(methodBytes);
        ValidateTarget(method, targetBytes);
        return (method, reuse?.Target(targetBytes) ?? System.Text.Encoding.ASCII.GetString(targetBytes), version);
    }

    /// <summary>HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3); only 1.0 and 1.1 are served.</summary>
    private static HttpVersion ParseVersion(ReadOnlySpan<byte> version)
    {
        if (version.Length != 8 || !version.StartsWith("HTTP/"u8) || !char.IsAsciiDigit((char)version[5])
            || version[6] != (byte)'.' || !char.IsAsciiDigit((char)version[7]))
        {
            HttpThrow.BadRequest("Malformed HTTP version");
        }

        if (version[5] == (byte)'1' && version[7] == (byte)'1')
        {
            return HttpVersion.Http11;
        }

        if (version[5] == (byte)'1' && version[7] == (byte)'0')
        {
            return HttpVersion.Http10;
        }

        // RFC 9110 §15.6.6: 505 for a major version we don't support (and we serve no other 1.x either).
        HttpThrow.Status(505, "HTTP version not supported");
        return default;
    }

    /// <summary>The four request-target forms of RFC 9112 §3.2; visible ASCII only.</summary>
    private static void ValidateTarget(string method, ReadOnlySpan<byte> target)
    {
        // RFC 9112 §3.2: the target is a URI reference: no whitespace, no CTLs, no bytes above 0x7E.
        if (target.ContainsAnyExceptInRange((byte)0x21, (byte)0x7E))
        {
            HttpThrow.BadRequest("Invalid character in request target");
        }

        if (target[0] == (byte)'/')
        {
            return; // origin-form, §3.2.1
        }

        if (target.Length == 1 && target[0] == (byte)'*')
        {
            // asterisk-form, §3.2.4: only for a server-wide OPTIONS.
            if (!ReferenceEquals(method, HttpMethods.Options))
            {
                HttpThrow.BadRequest("Asterisk-form target is only allowed with OPTIONS");
            }

            return;
        }

        if (ReferenceEquals(method, HttpMethods.Connect))
        {
            return; // authority-form, §3.2.3: the router answers CONNECT (we are not a proxy)
        }

        // absolute-form, §3.2.2: a server MUST accept it; scheme is case-insensitive.
        if (StartsWithIgnoreCase(target, "http://"u8) || StartsWithIgnoreCase(target, "https://"u8))
        {
            return;
        }

        HttpThrow.BadRequest("Invalid request target");
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> span, ReadOnlySpan<byte> prefix) =>
        span.Length > prefix.Length && System.Text.Ascii.EqualsIgnoreCase(span[..prefix.Length], prefix);
}
