using System.IO.Pipelines;
using System.Net;

namespace NetPrimitives.Http;

/// <summary>
/// One request as a handler sees it: method, target, decoded path and query, headers, the client's address, and
/// the body as a stream or pipe that reads from the connection as the handler asks (never buffered whole unless a
/// helper such as <see cref="ReadTextAsync"/> is called). Valid until the handler's task completes: the connection
/// then reuses the header collection for its next request (as ASP.NET Core does with its request objects), so copy
/// what you need to keep.
/// </summary>
public sealed partial class HttpRequest
{
    private readonly HttpRequestHead _head;
    private readonly RequestBodyReader _body;
    private readonly HttpLimits _limits;
    private HttpValueCollection? _query;
    private HttpValueCollection? _cookies;
    private Stream? _bodyStream;
    private PipeReader? _bodyReader;

    internal HttpRequest(HttpRequestHead head, RequestBodyReader body, HttpLimits limits, IPEndPoint? remote, IPEndPoint? local)
    {
        _head = head;
        _body = body;
        _limits = limits;
        RemoteEndPoint = remote;
        LocalEndPoint = local;
        (Path, QueryString) = SplitTarget(head);
    }

    /// <summary>The method, e.g. <c>GET</c> (case-sensitive, RFC 9110 §9.1).</summary>
    public string Method => _head.Method;

    /// <summary>The request-target exactly as sent, e.g. <c>/search?q=a%20b</c>.</summary>
    public string Target => _head.Target;

    /// <summary>The percent-decoded path, e.g. <c>/files/a b.txt</c> (from an absolute-form target too); <c>*</c> for <c>OPTIONS *</c>.</summary>
    public string Path { get; }

    /// <summary>The raw query after '?', without it; empty when there is none.</summary>
    public string QueryString { get; }

    /// <summary>The decoded query parameters (form-urlencoded rules: '+' is a space).</summary>
    /// <exception cref="HttpParseException">The query has a malformed percent escape (400).</exception>
    public HttpValueCollection Query => _query ??= HttpValueCollection.ParseUrlEncoded(QueryString);

    /// <summary>
    /// The values the route's pattern took from the path: <c>{id}</c> in <c>/users/{id}</c> gives <c>RouteValues["id"]</c>,
    /// a catch-all <c>{*rest}</c> the rest of the path (possibly empty). Decoded, as <see cref="Path"/> is. Empty for a
    /// pattern without parameters.
    /// </summary>
    public HttpValueCollection RouteValues { get; internal set; } = HttpValueCollection.Empty;

    /// <summary>
    /// The cookies of the Cookie field(s), in the order sent (RFC 6265 §5.4: longer paths first, so a name sent twice
    /// gives the most specific one first). Read as browsers send them: whitespace around pairs ignored, surrounding
    /// double quotes removed, UTF-8 decoded, a pair without '=' kept with the name "". Values are not percent-decoded.
    /// </summary>
    public HttpValueCollection Cookies => _cookies ??= HttpCookies.Parse(_head.Headers);

    /// <summary>The protocol version, <c>HTTP/1.0</c> or <c>HTTP/1.1</c>.</summary>
    public string Protocol => _head.Version == HttpVersion.Http10 ? "HTTP/1.0" : "HTTP/1.1";

    /// <summary>The header fields, case-insensitive.</summary>
    public HttpHeaders Headers => _head.Headers;

    /// <summary>The Host header value (empty when an HTTP/1.0 client sent none).</summary>
    public string Host => _head.Host;

    /// <summary>The client's address and port.</summary>
    public IPEndPoint? RemoteEndPoint { get; }

    /// <summary>The server address and port the request came in on.</summary>
    public IPEndPoint? LocalEndPoint { get; }

    /// <summary>The Content-Length, or <see langword="null"/> for a chunked body or none.</summary>
    public long? ContentLength => _head.Framing == BodyFraming.ContentLength ? _head.ContentLength : (_head.Framing == BodyFraming.None && _head.Headers.Contains(HttpHeaderNames.ContentLength) ? 0 : null);

    /// <summary>The Content-Type header, or <see langword="null"/>.</summary>
    public string? ContentType => _head.Headers[HttpHeaderNames.ContentType];

    /// <summary>Whether the request has a body (a Content-Length above zero, or chunked).</summary>
    public bool HasBody => _head.Framing != BodyFraming.None;

    /// <summary>
    /// The body as a forward-only stream. It reads from the connection on demand; a client that sent
    /// <c>Expect: 100-continue</c> gets its 100 Continue on the first read, unless some of the body came with the
    /// head (that client did not wait).
    /// </summary>
    public Stream Body => _bodyStream ??= new RequestBodyStream(_body);

    /// <summary>The body as a pipe (over <see cref="Body"/>).</summary>
    public PipeReader BodyReader => _bodyReader ??= PipeReader.Create(Body, new StreamPipeReaderOptions(leaveOpen: true));

    /// <summary>
    /// The trailer fields of a chunked body, once it has been read to the end; empty otherwise. Kept apart from
    /// <see cref="Headers"/>, and without the fields a trailer may not carry (RFC 9110 §6.5.1: framing, routing,
    /// authentication, request modifiers, response controls, content description), which are dropped.
    /// </summary>
    public HttpHeaders Trailers => _body.Trailers ?? new HttpHeaders(0);

    internal HttpRequestHead Head => _head;

    internal RequestBodyReader BodyState => _body;

    /// <summary>The decoded path and the raw query of a request-target.</summary>
    /// <exception cref="HttpParseException">A malformed percent escape (400).</exception>
    internal static (string Path, string Query) SplitTarget(HttpRequestHead head)
    {
        var target = head.Target.AsSpan();
        if (ReferenceEquals(head.Method, HttpMethods.Connect) || target is "*")
        {
            return (head.Target, string.Empty);
        }

        if (target[0] != '/')
        {
            // absolute-form (RFC 9112 §3.2.2): drop scheme and authority.
            var authority = target.IndexOf("//", StringComparison.Ordinal) + 2;
            var slash = target[authority..].IndexOfAny('/', '?');
            target = slash < 0 ? "/" : target[(authority + slash)..];
            if (target[0] == '?')
            {
                target = ("/" + target.ToString()).AsSpan();
            }
        }

        var question = target.IndexOf('?');
        if (question < 0 && target.Length == head.Target.Length && target.IndexOf('%') < 0)
        {
            return (head.Target, string.Empty); // the usual "/path": nothing to decode, no copy
        }

        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? string.Empty : target[(question + 1)..].ToString();
        return (PercentDecoder.Decode(path, plusIsSpace: false), query);
    }
}
