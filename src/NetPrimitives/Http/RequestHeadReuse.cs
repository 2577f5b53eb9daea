namespace NetPrimitives.Http;

/// <summary>
/// What one connection lends the parser so that a keep-alive request allocates less: the header collection of the
/// previous request (cleared and refilled, as Kestrel does), and the previous target and field value strings, reused
/// when the bytes are the same (a client sends the same Host, User-Agent, Accept... on every request).
/// </summary>
internal sealed class RequestHeadReuse
{
    // One slot per known field name (by its index in HttpHeaderNames), plus the target.
    private readonly string?[] _values = new string?[HttpHeaderNames.KnownCount + 1];

    /// <summary>The collection to fill; it belongs to one request at a time (valid until its handler completes).</summary>
    public HttpHeaders Headers { get; } = new();

    /// <summary>The target string, the previous one if the bytes are the same.</summary>
    public string Target(ReadOnlySpan<byte> bytes) => Get(HttpHeaderNames.KnownCount, bytes);

    /// <summary>The value string of the known field at <paramref name="slot"/>, the previous one if the bytes are the same.</summary>
    public string Get(int slot, ReadOnlySpan<byte> bytes)
    {
        var previous = _values[slot];
        if (previous is not null && System.Text.Ascii.Equals(bytes, previous))
        {
            return previous;
        }

        // Latin-1: obs-text (0x80-0xFF) is kept as opaque data (RFC 9110 §5.5).
        var value = System.Text.Encoding.Latin1.GetString(bytes);
        _values[slot] = value;
        return value;
    }
}
