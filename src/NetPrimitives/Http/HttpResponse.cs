using System.Buffers;
namespace NetPrimitives.Http;

/// <summary>
/// The response to one request. Set <see cref="StatusCode"/> and <see cref="Headers"/>, then send a body: whole
/// (<see cref="SendAsync(ReadOnlyMemory{byte}, string?, CancellationToken)"/>, <see cref="SendTextAsync"/>,
/// <see cref="SendStreamAsync"/>, <see cref="SendFileAsync"/>), streamed (<see cref="WriteAsync"/> or
/// <see cref="Body"/>: chunked when <see cref="ContentLength"/> is unset), or an error page (<see cref="SendErrorAsync"/>).
/// The head goes out with the first body byte; Date, Server, Content-Length / Transfer-Encoding and Connection are the
/// server's to set. Valid until the handler's task completes (the connection reuses <see cref="Headers"/> for its next response).
/// </summary>
public sealed partial class HttpResponse
{
    // Bodies up to this size go out in the same span as the head.
    private const int InlineBodyLimit = 4096;

    private readonly HttpConnection _connection;

    // The pattern of the route that matched (http.route in the metrics and the span); null when none did. Kept on the
    // connection, which lives across requests, so that a request costs no more bytes for it.
    internal string? Route
    {
        get => _connection.Route;
        set => _connection.Route = value;
    }
    private readonly HttpRequestHead _request;
    private int _statusCode = 200;
    private long? _contentLength;
    private ResponseFraming _framing;
    private Stream? _body;

    internal HttpResponse(HttpConnection connection, HttpRequestHead request, HttpHeaders headers)
    {
        _connection = connection;
        _request = request;
        Headers = headers;
    }

    /// <summary>The status code. Default 200. Cannot change once <see cref="HasStarted"/>.</summary>
    /// <exception cref="InvalidOperationException">The head was already sent.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Not in 200-999 (1xx responses are the server's business).</exception>
    public int StatusCode
    {
        get => _statusCode;
        set
        {
            ThrowIfStarted();
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 200);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 999);
            _statusCode = value;
        }
    }

    /// <summary>The reason phrase, or <see langword="null"/> for the standard one (RFC 9110 §15).</summary>
    public string? ReasonPhrase { get; set; }

    /// <summary>
    /// The response fields. Do not set Date, Server, Content-Length, Transfer-Encoding or Connection here: use
    /// <see cref="ContentLength"/>; the server writes the others. Values with CR, LF or other controls are refused when sent.
    /// </summary>
    public HttpHeaders Headers { get; }

    /// <summary>The Content-Type header.</summary>
    public string? ContentType
    {
        get => Headers[HttpHeaderNames.ContentType];
        set
        {
            if (value is null)
            {
                Headers.Remove(HttpHeaderNames.ContentType);
            }
            else
            {
                Headers.Set(HttpHeaderNames.ContentType, value);
            }
        }
    }

    /// <summary>
    /// The body length, when known before the body is written; <see langword="null"/> streams the body chunked
    /// (HTTP/1.1) or until the connection closes (HTTP/1.0).
    /// </summary>
    /// <exception cref="InvalidOperationException">The head was already sent.</exception>
    public long? ContentLength
    {
        get => _contentLength;
        set
        {
            ThrowIfStarted();
            if (value is < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The length cannot be negative.");
            }

            _contentLength = value;
        }
    }

    /// <summary>Whether the head has been sent (status and headers can no longer change).</summary>
    public bool HasStarted { get; private set; }

    /// <summary>Body bytes sent so far (after the head; none for HEAD requests).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>The body as a write-only stream; see <see cref="WriteAsync"/>.</summary>
    public Stream Body => _body ??= new ResponseBodyStream(this);

    /// <summary>Whether the connection stays open after this response.</summary>
    internal bool KeepAlive { get; private set; } = true;

    /// <summary>The router that dispatched the request (for Allow on a 405, and the server's compression).</summary>
    internal HttpRouter? Router { get; set; }

    private bool BodyAllowed => _statusCode is not (204 or 304) && !_request.IsHead;

    /// <summary>
    /// Writes body bytes, sending the head first if needed; waits while the client is slow to read (back-pressure).
    /// </summary>
    /// <param name="data">The bytes.</param>
    /// <param name="cancellationToken">Cancels the wait for the client.</param>
    /// <returns>A task that completes when the bytes are buffered for sending.</returns>
    /// <exception cref="InvalidOperationException">More bytes than <see cref="ContentLength"/>.</exception>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        WriteCore(data.Span);
        await _connection.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the head (if not written yet) and the end of a chunked body; the handler is done.</summary>
    internal void Complete()
    {
        if (!HasStarted)
        {
            _contentLength ??= 0;
            StartCore();
        }

        FinishCompressor();
        if (_framing == ResponseFraming.Chunked && BodyAllowed)
        {
            ChunkedEncoder.WriteEnd(_connection.Output);
        }
        else if (_framing == ResponseFraming.ContentLength && BodyAllowed && BytesWritten != _contentLength)
        {
            // The client would wait for bytes that never come, or read ours as its next response: only closing is safe.
            throw new InvalidOperationException($"The handler wrote {BytesWritten} body bytes but set Content-Length {_contentLength}.");
        }

        // Not flushed here: the connection flushes before it waits for input, so the responses to pipelined requests
        // already buffered share one send (and one system call).
        _connection.FlushBeforeNextRead();
    }

    /// <summary>Forgets the status, headers and length (only before the head is sent), to answer an error instead.</summary>
    internal void Reset()
    {
        ThrowIfStarted();
        _statusCode = 200;
        _contentLength = null;
        ReasonPhrase = null;
        Headers.Clear();
        _encoding = null;
    }

    internal void WriteCore(ReadOnlySpan<byte> data)
    {
        if (!HasStarted)
        {
            StartCore(data);
            return;
        }

        WriteBody(data);
    }

    private void WriteBody(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || !BodyAllowed)
        {
            return; // HEAD: headers of the GET, no body (RFC 9110 §9.3.2)
        }

        if (_encoding?.Compressor is not null)
        {
            Compress(data);
            return;
        }

        WriteEncoded(data);
    }

    /// <summary>Writes body bytes as they go on the wire (compressed already, when they are), in the response's framing.</summary>
    internal void WriteEncoded(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || _encoding is { Discard: true })
        {
            return; // an empty chunk would end a chunked body
        }

        if (_framing == ResponseFraming.ContentLength && BytesWritten + data.Length > _contentLength)
        {
            throw new InvalidOperationException($"Writing {data.Length} more bytes would exceed Content-Length {_contentLength}.");
        }

        if (_framing == ResponseFraming.Chunked)
        {
            ChunkedEncoder.WriteChunk(_connection.Output, data);
        }
        else
        {
            _connection.Output.Write(data);
        }

        BytesWritten += data.Length;
    }

    /// <summary>Writes the head and, when it is small and of known length, <paramref name="body"/> with it: one span, one Advance.</summary>
    private void StartCore(ReadOnlySpan<byte> body = default)
    {
        HasStarted = true;
        _connection.ResponseStarted = true;
        if (_statusCode == 405 && Router is not null && !Headers.Contains(HttpHeaderNames.Allow))
        {
            // RFC 9110 §15.5.6: a 405 MUST list the methods the resource supports, whoever decided on the 405. The
            // path is worked out again here (rare) rather than kept in every response.
            Headers.Set(HttpHeaderNames.Allow, Router.AllowHeader(HttpRequest.SplitTarget(_request).Path));
        }

        if (Router?.Compression is { } compression)
        {
            ApplyCoding(compression);
        }

        _framing = _contentLength is not null
            ? ResponseFraming.ContentLength
            : _request.Version == HttpVersion.Http11 ? ResponseFraming.Chunked : ResponseFraming.CloseDelimited;
        if (_statusCode is 204 or 304)
        {
            _framing = ResponseFraming.None;
        }
        else if (_request.IsHead && _framing == ResponseFraming.CloseDelimited)
        {
            _framing = ResponseFraming.None; // a HEAD response has no body to delimit
        }

        KeepAlive = _connection.DecideKeepAlive(_request) && _framing != ResponseFraming.CloseDelimited;
        var inline = _framing == ResponseFraming.ContentLength && BodyAllowed && body.Length <= InlineBodyLimit && body.Length <= _contentLength;
        var writer = new SpanBufferWriter(_connection.Output, 256 + (inline ? body.Length : 0));
        HttpResponseHeadWriter.Write(
            ref writer, _statusCode, ReasonPhrase, Headers, _framing, _contentLength ?? 0, !KeepAlive, _connection.DateLine, _connection.ServerHeader);
        if (inline)
        {
            writer.Write(body);
            BytesWritten += body.Length;
            writer.Commit();
            return;
        }

        writer.Commit();
        WriteBody(body);
    }

    private void ThrowIfStarted()
    {
        if (HasStarted)
        {
            throw new InvalidOperationException("The response head has already been sent.");
        }
    }
}
