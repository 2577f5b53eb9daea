using System.Diagnostics;
using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;

namespace NetPrimitives.Http;

/// <summary>MiniHttpServer's instruments on the shared meter (OpenTelemetry HTTP server names, under netprimitives.).</summary>
internal static class HttpMetrics
{
    public static readonly Counter<long> Requests = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.http.server.requests", "{request}", "HTTP requests answered, by method and status class.");

    public static readonly Histogram<double> RequestDuration = NetPrimitivesDiagnostics.Meter.CreateHistogram<double>(
        "netprimitives.http.server.request.duration", "s", "Time from a request head to the end of its response.");

    public static readonly UpDownCounter<long> ActiveConnections = NetPrimitivesDiagnostics.Meter.CreateUpDownCounter<long>(
        "netprimitives.http.server.active_connections", "{connection}", "HTTP connections currently open.");

    public static readonly UpDownCounter<long> ActiveRequests = NetPrimitivesDiagnostics.Meter.CreateUpDownCounter<long>(
        "netprimitives.http.server.active_requests", "{request}", "HTTP requests being handled.");

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    /// <summary>Counts a request; records its duration when known (null: the histogram had no listener at its start).</summary>
    public static void RequestCompleted(string method, int statusCode, TimeSpan? duration, string scheme)
    {
        if (!Requests.Enabled && !RequestDuration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "http.request.method", KnownMethod(method) },
            { "http.response.status_class", StatusClasses[Math.Clamp((statusCode / 100) - 1, 0, 4)] },
            { "url.scheme", scheme },
        };
        Requests.Add(1, tags);
        if (duration is { } elapsed)
        {
            RequestDuration.Record(elapsed.TotalSeconds, tags);
        }
    }

    // Unknown methods are collapsed, so a client cannot blow up the number of time series.
    private static string KnownMethod(string method) => method switch
    {
        HttpMethods.Get or HttpMethods.Head or HttpMethods.Post or HttpMethods.Put or HttpMethods.Delete
            or HttpMethods.Options or HttpMethods.Patch or HttpMethods.Trace or HttpMethods.Connect => method,
        _ => "_OTHER",
    };
}
