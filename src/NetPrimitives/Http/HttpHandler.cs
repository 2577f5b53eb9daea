namespace NetPrimitives.Http;

/// <summary>
/// Handles one request: read what it needs from <paramref name="request"/>, then set the status, headers and body
/// of <paramref name="response"/>. What the handler has not sent when its task completes is sent then (an untouched
/// response is 200 with an empty body). An exception before anything was sent becomes a 500 page; after, the
/// connection is aborted (the client sees a truncated response rather than a wrong one).
/// </summary>
/// <param name="request">The request.</param>
/// <param name="response">The response to fill.</param>
/// <returns>A task that completes when the handler is done.</returns>
public delegate Task HttpHandler(HttpRequest request, HttpResponse response);
