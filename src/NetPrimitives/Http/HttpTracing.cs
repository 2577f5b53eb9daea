using System.Diagnostics;
using System.Net;
using NetPrimitives.Diagnostics;

namespace NetPrimitives.Http;

/// <summary>
/// MiniHttpServer's spans (<see cref="NetPrimitivesDiagnostics.Http"/>): one per request, kind Server, named and tagged
/// after the OpenTelemetry HTTP server conventions, its parent taken from the request's W3C <c>traceparent</c> and
/// <c>tracestate</c> through <see cref="DistributedContextPropagator.Current"/>. With no listener nothing is read or
/// allocated.
/// </summary>
internal static class HttpTracing
{
    public static readonly ActivitySource Source = ComponentMeter.CreateSource(NetPrimitivesDiagnostics.Http);

    public static Activity? StartRequest(HttpRequestHead head, string scheme, IPEndPoint? remote)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        DistributedContextPropagator.Current.ExtractTraceIdAndState(
            head.Headers,
            static (carrier, name, out value, out values) =>
            {
                values = null;
                value = ((HttpHeaders)carrier!)[name];
            },
            out var traceParent,
            out var traceState);
        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent);

        var method = HttpMetrics.KnownMethod(head.Method);
        // The conventions' span name is "{method} {route}" once a route matched (set when the request ends), "HTTP"
        // for a method they do not know.
        var activity = Source.StartActivity(method == HttpMetrics.OtherMethod ? "HTTP" : method, ActivityKind.Server, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("http.request.method", method);
            if (method == HttpMetrics.OtherMethod)
            {
                activity.SetTag("http.request.method_original", head.Method);
            }

            var target = head.Target;
            var question = target.IndexOf('?', StringComparison.Ordinal);
            activity.SetTag("url.path", question < 0 ? target : target[..question]);
            if (question >= 0)
            {
                activity.SetTag("url.query", target[(question + 1)..]);
            }

            activity.SetTag("url.scheme", scheme);
            activity.SetTag("network.protocol.version", HttpMetrics.ProtocolVersion(head.Version));
            if (remote is not null)
            {
                activity.SetTag("client.address", remote.Address.ToString());
            }

            if (head.Headers["User-Agent"] is { } userAgent)
            {
                activity.SetTag("user_agent.original", userAgent);
            }
        }

        return activity;
    }

    // statusCode: null when the connection ended before a response.
    public static void StopRequest(Activity activity, int? statusCode, string? route, string? errorType)
    {
        if (route is not null)
        {
            activity.DisplayName = activity.OperationName + " " + route;
            activity.SetTag("http.route", route);
        }

        if (statusCode is { } status)
        {
            activity.SetTag("http.response.status_code", HttpMetrics.StatusCode(status));
        }
        if (errorType is not null)
        {
            activity.SetTag("error.type", errorType);
            activity.SetStatus(ActivityStatusCode.Error);
        }

        activity.Stop();
    }
}
