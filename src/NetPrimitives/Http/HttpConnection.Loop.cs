using System.Runtime.CompilerServices;
using System.IO.Pipelines;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace NetPrimitives.Http;

internal sealed partial class HttpConnection
{
    // Unread request body up to this size is read and dropped to keep the connection; more closes it (as Kestrel).
    private const long MaxDrainBytes = 1024 * 1024;

    public async Task RunAsync()
    {
        try
        {
            var first = true;
            while (true)
            {
                HttpRequestHead? head;
                try
                {
                    head = await ReadHeadAsync(first).ConfigureAwait(false);
                }
                catch (HttpParseException ex)
                {
                    // Framing can no longer be trusted: answer, then close (RFC 9112 §6.3 (4), §11.2).
                    HttpLog.BadRequest(Logger, Id, ex.StatusCode, ex.Reason);
                    await AnswerBadRequestAsync(ex).ConfigureAwait(false);
                    return;
                }

                if (head is null || !await ProcessAsync(head).ConfigureAwait(false))
                {
                    return;
                }

                first = false;
            }
        }
        catch (IOException ex)
        {
            // The client went away mid-response: normal life, though the request's span says it ended so.
            EndAbandonedSpan(ex);
        }
        catch (Exception ex)
        {
            EndAbandonedSpan(ex);
            throw;
        }
        finally
        {
            DisposeDeadline();
            try
            {
                await FlushPendingAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
            }
        }
    }

    // A request that ended with the connection, not with a response: its span still ends, with the reason.
    private void EndAbandonedSpan(Exception ex)
    {
        if (_requestActivity is { } activity)
        {
            _requestActivity = null;
            HttpTracing.StopRequest(activity, null, null, ex.GetType().FullName);
        }
    }

    /// <summary>
    /// Waits for a whole request head. The first request has <see cref="HttpLimits.RequestHeadersTimeout"/> from the
    /// connection's start; later ones wait up to <see cref="HttpLimits.KeepAliveTimeout"/> for a first byte, then have
    /// the headers timeout. Returns <see langword="null"/> when the connection should just close (client done, idle, stopping).
    /// </summary>
    // Pooled builders: on a keep-alive connection that waits for every request these methods go asynchronous once
    // per request, and each time the default builder would allocate a new state-machine box.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<HttpRequestHead?> ReadHeadAsync(bool first)
    {
        var limits = Limits;
        long? headStart = first ? Clock.GetTimestamp() : null;
        long examined = 0;
        while (true)
        {
            var timeout = headStart is { } start ? limits.RequestHeadersTimeout - Clock.GetElapsedTime(start) : limits.KeepAliveTimeout;
            if (_stopping.IsCancellationRequested && examined == 0)
            {
                return null; // stopping: no new requests on idle connections
            }

            ReadResult result;
            try
            {
                if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
                {
                    throw new TimeoutException();
                }

                result = await ReadAsync(examined, timeout, _stopping).ConfigureAwait(false);
            }
            catch (TimeoutException) when (examined > 0 || (first && limits.RequestHeadersTimeout != Timeout.InfiniteTimeSpan))
            {
                HttpLog.HeadersTimeout(Logger, Id, limits.RequestHeadersTimeout);
                if (examined == 0)
                {
                    return null; // connected and never said a word: close without a response, like Kestrel
                }

                throw new HttpParseException(408, "Request headers not received in time");
            }
            catch (TimeoutException)
            {
                return null; // keep-alive timeout
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return null;
            }

            var buffer = result.Buffer;
            bool parsed;
            HttpRequestHead head;
            try
            {
                parsed = _server.Parser.TryParseRequestHead(ref buffer, out head, _reuse);
            }
            catch (HttpParseException)
            {
                Input.AdvanceTo(result.Buffer.End);
                throw;
            }

            if (parsed)
            {
                Input.AdvanceTo(buffer.Start);
                return head;
            }

            // The headers timeout runs from the first byte of a head; the clock is read only for a head that is
            // incomplete, not for every keep-alive request.
            if (buffer.Length > 0 && headStart is null)
            {
                headStart = Clock.GetTimestamp();
            }

            examined = buffer.Length; // before AdvanceTo, which may recycle segments
            Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null; // closed before (or in the middle of) a head: nobody to answer
            }
        }
    }

    /// <summary>Runs one request through the router; returns whether the connection stays open.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ProcessAsync(HttpRequestHead head)
    {
        // The clock is read only when someone listens to the duration metric, the span only when someone listens to spans.
        var metrics = _server.Metrics;
        long? started = metrics.RequestDuration.Enabled ? Clock.GetTimestamp() : null;
        _requestActivity = HttpTracing.StartRequest(head, _server.Scheme, RemoteEndPoint);
        _continueSent = false;
        _closeAfterResponse = false;
        Route = null;
        ResponseStarted = false;
        // A request without a body has nothing to track: one reader per connection serves them all.
        var body = head.Framing == BodyFraming.None ? _noBody ??= new RequestBodyReader(this, head) : new RequestBodyReader(this, head);
        _currentBody = body;
        _responseHeaders.Clear();
        var response = new HttpResponse(this, head, _responseHeaders);
        HttpRequest? request = null;
        Exception? failure = null;
        var countActive = metrics.ActiveRequests.Enabled;
        if (countActive)
        {
            metrics.RequestStarted(HttpMetrics.KnownMethod(head.Method), _server.Scheme);
        }

        try
        {
            request = new HttpRequest(head, body, Limits, RemoteEndPoint, LocalEndPoint);

            await _server.Router.DispatchAsync(request, response).ConfigureAwait(false);
        }
        catch (HttpParseException ex) when (!response.HasStarted)
        {
            HttpLog.BadRequest(Logger, Id, ex.StatusCode, ex.Reason);
            _closeAfterResponse = true;
            response.Reset();
            await response.SendErrorAsync(ex.StatusCode, ex.Reason).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not IOException)
        {
            if (response.HasStarted)
            {
                HttpLog.HandlerFailed(Logger, Id, head.Method, request?.Path ?? head.Target, ex);
                HttpLog.AbortAfterStart(Logger, Id);
                Finish(head, response, started, request, ex);
                return false;
            }

            if (ex is not HttpParseException)
            {
                HttpLog.HandlerFailed(Logger, Id, head.Method, request?.Path ?? head.Target, ex);
            }

            failure = ex;
            _closeAfterResponse = true;
            response.Reset();
            await response.SendErrorAsync(500).ConfigureAwait(false);
        }
        finally
        {
            if (countActive)
            {
                metrics.RequestStopped(HttpMetrics.KnownMethod(head.Method), _server.Scheme);
            }
        }

        try
        {
            response.Complete();
        }
        catch (InvalidOperationException ex)
        {
            HttpLog.HandlerFailed(Logger, Id, head.Method, request?.Path ?? head.Target, ex);
            Finish(head, response, started, request, ex);
            return false;
        }

        Finish(head, response, started, request, failure);
        return response.KeepAlive && await DrainAsync(body, head).ConfigureAwait(false);
    }

    /// <summary>Reads and drops what the handler left of the body, so the next request can be found.</summary>
    private async ValueTask<bool> DrainAsync(RequestBodyReader body, HttpRequestHead head)
    {
        if (body.IsComplete)
        {
            return true;
        }

        if (head.Framing == BodyFraming.ContentLength && head.ContentLength - body.BytesRead > MaxDrainBytes)
        {
            HttpLog.BodyNotDrained(Logger, Id);
            return false;
        }

        var scratch = new byte[16 * 1024];
        try
        {
            while (await body.ReadAsync(scratch, _stopping).ConfigureAwait(false) > 0)
            {
                if (body.BytesRead > MaxDrainBytes + head.ContentLength)
                {
                    HttpLog.BodyNotDrained(Logger, Id);
                    return false;
                }
            }
        }
        catch (HttpParseException ex)
        {
            HttpLog.BadRequest(Logger, Id, ex.StatusCode, ex.Reason);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return true;
    }

    private async ValueTask AnswerBadRequestAsync(HttpParseException ex)
    {
        var head = new HttpRequestHead(HttpMethods.Get, "/", HttpVersion.Http11, new HttpHeaders(0));
        _closeAfterResponse = true;
        var response = new HttpResponse(this, head, new HttpHeaders(0));
        await response.SendErrorAsync(ex.StatusCode, ex.Reason).ConfigureAwait(false);
        response.Complete();
        await FlushPendingAsync().ConfigureAwait(false);
        // No head could be read, so no method either: the conventions' _OTHER.
        Finish(head, response, _server.Metrics.RequestDuration.Enabled ? Clock.GetTimestamp() : null, null, null, logAccess: false, method: HttpMetrics.OtherMethod);
    }

    // Records the request's duration, ends its span and writes the access log. request: null when it could not be
    // built (its path was malformed); failure: the handler's exception, if it threw.
    private void Finish(HttpRequestHead head, HttpResponse response, long? started, HttpRequest? request, Exception? failure,
        bool logAccess = true, string? method = null)
    {
        var route = request is null ? null : Route;
        var metrics = _server.Metrics;
        var activity = _requestActivity;
        string? errorType = null;
        if ((started is not null && metrics.RequestDuration.Enabled) || activity is not null)
        {
            errorType = HttpMetrics.ErrorType(response.StatusCode, failure);
        }

        if (started is { } start && metrics.RequestDuration.Enabled)
        {
            metrics.RequestCompleted(method ?? HttpMetrics.KnownMethod(head.Method), response.StatusCode, route, _server.Scheme,
                head.Version, errorType, Clock.GetElapsedTime(start));
        }

        if (activity is not null)
        {
            _requestActivity = null;
            HttpTracing.StopRequest(activity, response.StatusCode, route, errorType);
        }

        if (logAccess && Logger.IsEnabled(LogLevel.Information))
        {
            // Common Log Format: host ident authuser [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326
            var now = Clock.GetUtcNow();
            var timestamp = now.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture) + " +0000";
            HttpLog.Access(
                Logger,
                RemoteEndPoint?.Address.ToString() ?? "-",
                timestamp,
                head.Method,
                head.Target,
                head.Version == HttpVersion.Http10 ? "HTTP/1.0" : "HTTP/1.1",
                response.StatusCode,
                response.BytesWritten > 0 ? response.BytesWritten.ToString(CultureInfo.InvariantCulture) : "-");
        }
    }
}
