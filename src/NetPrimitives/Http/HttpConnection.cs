using System.Runtime.CompilerServices;
using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using NetPrimitives.Transport;

namespace NetPrimitives.Http;

/// <summary>
/// One HTTP/1.1 connection: one read loop (parse every request the buffer holds, then AdvanceTo) over the transport's duplex pipe. Requests are handled one
/// at a time, so pipelined responses leave strictly in request order (RFC 9112 §9.3.2); responses to requests that
/// are already buffered are sent together in one flush.
/// </summary>
internal sealed partial class HttpConnection
{
    private static readonly byte[] ContinueLine = "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray();

    private readonly MiniHttpServer _server;
    private readonly IDuplexPipe _pipe;
    private readonly CancellationToken _stopping;
    private bool _pendingFlush;
    private LinkedTimeout _deadline;
    private bool _continueSent;

    // Reused from request to request (a request's objects are valid until its handler completes, as in ASP.NET Core).
    private readonly RequestHeadReuse _reuse = new();
    private readonly HttpHeaders _responseHeaders = new();
    private RequestBodyReader? _noBody;

    public HttpConnection(MiniHttpServer server, IDuplexPipe pipe, string id, EndPoint? remote, EndPoint? local, CancellationToken stopping)
    {
        _server = server;
        _pipe = pipe;
        Id = id;
        RemoteEndPoint = remote as IPEndPoint;
        LocalEndPoint = local as IPEndPoint;
        _stopping = stopping;
    }

    public string Id { get; }

    public IPEndPoint? RemoteEndPoint { get; }

    public IPEndPoint? LocalEndPoint { get; }

    public PipeReader Input => _pipe.Input;

    public PipeWriter Output => _pipe.Output;

    public HttpLimits Limits => _server.Options.Limits;

    public TimeProvider Clock => _server.Options.TimeProvider;

    public ReadOnlySpan<byte> DateLine => _server.DateCache.GetDateLine();

    public string? ServerHeader => _server.Options.ServerHeader;

    private ILogger Logger => _server.Logger;

    private bool _closeAfterResponse;

    /// <summary>Whether the current request's response head has been written (set by <see cref="HttpResponse"/>).</summary>
    internal bool ResponseStarted { get; set; }
    private RequestBodyReader? _currentBody;

    // The span of the request being handled; null when nobody listens to spans (or between requests).
    private System.Diagnostics.Activity? _requestActivity;

    /// <summary>The route pattern the current request matched (set by the router, cleared for each request).</summary>
    internal string? Route { get; set; }

    /// <summary>
    /// Whether the connection may stay open after the response to <paramref name="head"/>, decided when the head is
    /// written so that "Connection: close" tells the client. Closes when the client asked, when stopping, after a bad
    /// request, when a 100-continue body was never asked for (the client may or may not send it, RFC 9110 §10.1.1),
    /// or when the unread body is too large to drain.
    /// </summary>
    public bool DecideKeepAlive(HttpRequestHead head)
    {
        if (!head.KeepAlive || _stopping.IsCancellationRequested || _closeAfterResponse)
        {
            return false;
        }

        if (_currentBody is { IsComplete: false } body)
        {
            if (head.ExpectContinue && !body.Started)
            {
                return false;
            }

            if (head.Framing == BodyFraming.ContentLength && head.ContentLength - body.BytesRead > MaxDrainBytes)
            {
                return false;
            }
        }

        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        _pendingFlush = false;
        var result = await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted || result.IsCanceled)
        {
            throw new IOException("The client connection was closed.");
        }
    }

    public ValueTask FlushPendingAsync() => _pendingFlush ? FlushAsync() : ValueTask.CompletedTask;

    /// <summary>
    /// After a response: marks it for sending, which happens the next time the connection would wait for input
    /// (<see cref="ReadAsync"/>) or closes. So the responses to pipelined requests that are already buffered share
    /// one flush and one send, and a lone request's response leaves as soon as there is nothing more to do.
    /// </summary>
    public void FlushBeforeNextRead() => _pendingFlush = true;

    /// <summary>
    /// RFC 9110 §10.1.1: the interim 100 response, sent when the handler starts reading the body, unless some of the
    /// body is already here: the client did not wait, and a 100 it does not expect could be read as the response.
    /// </summary>
    public async ValueTask SendContinueAsync(CancellationToken cancellationToken)
    {
        // Once the final response has begun, an interim 100 would land inside it (RFC 9110 §15.2: 1xx come first).
        if (_continueSent || ResponseStarted)
        {
            return;
        }

        // The head has been consumed, so whatever the pipe holds is body (RFC 9110 §10.1.1: a server MAY omit the
        // 100 when it has already received some or all of the content).
        if (Input.TryRead(out var buffered))
        {
            Input.AdvanceTo(buffered.Buffer.Start);
            if (!buffered.Buffer.IsEmpty)
            {
                _continueSent = true;
                return;
            }
        }

        _continueSent = true;
        Output.Write(ContinueLine);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the input, returning at once when it holds more than <paramref name="examined"/> bytes (or ended);
    /// otherwise flushes pending responses and waits up to <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="TimeoutException">Nothing new arrived in time.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReadResult> ReadAsync(long examined, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Input.TryRead(out var ready))
        {
            if (ready.Buffer.Length > examined || ready.IsCompleted || ready.IsCanceled)
            {
                return ready;
            }

            Input.AdvanceTo(ready.Buffer.Start, ready.Buffer.End);
        }

        await FlushPendingAsync().ConfigureAwait(false);
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return await Input.ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        // One deadline source per connection, on the server's clock, reset after each wait: no allocation per
        // request on keep-alive.
        if (_deadline.Source is null || _deadline.Parent != cancellationToken)
        {
            _deadline.Dispose();
            _deadline = new LinkedTimeout(Timeout.InfiniteTimeSpan, Clock, cancellationToken);
        }

        var deadline = _deadline.Source!;
        deadline.CancelAfter(timeout);
        try
        {
            return await Input.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException();
        }
        finally
        {
            if (!deadline.TryReset())
            {
                DisposeDeadline();
            }
        }
    }

    /// <summary>Releases the deadline source.</summary>
    public void DisposeDeadline()
    {
        _deadline.Dispose();
        _deadline = default;
    }
}
