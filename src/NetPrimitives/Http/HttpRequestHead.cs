namespace NetPrimitives.Http;

/// <summary>The HTTP version of a request; only HTTP/1.0 and HTTP/1.1 are served (others get 505).</summary>
internal enum HttpVersion
{
    Http10,
    Http11,
}

/// <summary>How the request body is delimited, RFC 9112 §6.3.</summary>
internal enum BodyFraming
{
    /// <summary>No body (no Content-Length, no Transfer-Encoding, or Content-Length: 0).</summary>
    None,

    /// <summary>Exactly <see cref="HttpRequestHead.ContentLength"/> bytes.</summary>
    ContentLength,

    /// <summary>The chunked transfer coding, RFC 9112 §7.1.</summary>
    Chunked,
}

/// <summary>A parsed and validated request head, with the framing decisions taken from it.</summary>
internal sealed class HttpRequestHead(string method, string target, HttpVersion version, HttpHeaders headers)
{
    public string Method { get; } = method;

    /// <summary>The request-target exactly as sent (origin-form, absolute-form, authority-form or "*").</summary>
    public string Target { get; } = target;

    public HttpVersion Version { get; } = version;

    public HttpHeaders Headers { get; } = headers;

    /// <summary>The Host field value (empty when HTTP/1.0 sent none).</summary>
    public string Host { get; internal set; } = string.Empty;

    public BodyFraming Framing { get; internal set; }

    /// <summary>The body length when <see cref="Framing"/> is <see cref="BodyFraming.ContentLength"/>, else 0.</summary>
    public long ContentLength { get; internal set; }

    /// <summary>Whether the connection may carry another request after this one (RFC 9112 §9.3).</summary>
    public bool KeepAlive { get; internal set; }

    /// <summary>The client waits for 100 Continue before sending the body (RFC 9110 §10.1.1).</summary>
    public bool ExpectContinue { get; internal set; }

    /// <summary>True for HEAD: the response carries the head of the GET response and no body (RFC 9110 §9.3.2).</summary>
    public bool IsHead => ReferenceEquals(Method, HttpMethods.Head);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Method} {Target} {(Version == HttpVersion.Http10 ? "HTTP/1.0" : "HTTP/1.1")} [{Headers.Count} field(s), {Framing}"
        + (Framing == BodyFraming.ContentLength ? $" {ContentLength}" : string.Empty)
        + (KeepAlive ? ", keep-alive" : ", close") + (ExpectContinue ? ", 100-continue" : string.Empty) + "]";
}
