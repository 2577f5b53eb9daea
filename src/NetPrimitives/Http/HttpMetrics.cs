using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using NetPrimitives.Diagnostics;

namespace NetPrimitives.Http;

/// <summary>
/// MiniHttpServer's instruments on its meter (<see cref="NetPrimitivesDiagnostics.Http"/>), once per meter, under the
/// OpenTelemetry HTTP server conventions: <c>http.server.request.duration</c> and <c>http.server.active_requests</c>.
/// Tags are built only when an instrument is enabled.
/// </summary>
internal sealed class HttpMetrics(Meter meter)
{
    public const string OtherMethod = "_OTHER";

    private static readonly ComponentInstruments<HttpMetrics> Instances = new(NetPrimitivesDiagnostics.Http, m => new HttpMetrics(m));

    // http.response.status_code is an int tag: boxed once per code, not once per request.
    private static readonly object[] BoxedStatusCodes = Enumerable.Range(100, 500).Select(static code => (object)code).ToArray();

    public Histogram<double> RequestDuration { get; } = meter.CreateHistogram(
        "http.server.request.duration", "s", "Duration of HTTP server requests.", advice: ComponentMeter.ShortDurations);

    public UpDownCounter<long> ActiveRequests { get; } = meter.CreateUpDownCounter<long>(
        "http.server.active_requests", "{request}", "Number of active HTTP server requests.");

    /// <summary>The instruments on <paramref name="factory"/>'s Http meter, or on the process-wide one when it is null.</summary>
    public static HttpMetrics For(IMeterFactory? factory) => Instances.For(factory);

    public void RequestStarted(string method, string scheme) =>
        ActiveRequests.Add(1, new KeyValuePair<string, object?>("http.request.method", method), new KeyValuePair<string, object?>("url.scheme", scheme));

    public void RequestStopped(string method, string scheme) =>
        ActiveRequests.Add(-1, new KeyValuePair<string, object?>("http.request.method", method), new KeyValuePair<string, object?>("url.scheme", scheme));

    // Records a finished request; the caller checked RequestDuration.Enabled. method: already collapsed by KnownMethod;
    // route: the matched pattern, null when none matched; errorType: from ErrorType.
    public void RequestCompleted(string method, int statusCode, string? route, string scheme, HttpVersion version, string? errorType, TimeSpan duration)
    {
        var tags = new TagList
        {
            { "http.request.method", method },
            { "http.response.status_code", StatusCode(statusCode) },
            { "url.scheme", scheme },
            { "network.protocol.version", ProtocolVersion(version) },
        };
        if (route is not null)
        {
            tags.Add("http.route", route);
        }

        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        RequestDuration.Record(duration.TotalSeconds, tags);
    }

    public static object StatusCode(int statusCode) =>
        statusCode is >= 100 and < 600 ? BoxedStatusCodes[statusCode - 100] : statusCode;

    public static string ProtocolVersion(HttpVersion version) => version == HttpVersion.Http10 ? "1.0" : "1.1";

    /// <summary>The conventions' error.type of a request: the exception's type when the handler threw, else a 5xx status.</summary>
    public static string? ErrorType(int statusCode, Exception? failure) =>
        failure is not null ? failure.GetType().FullName
        : statusCode >= 500 ? statusCode.ToString(CultureInfo.InvariantCulture)
        : null;

    // Unknown methods are collapsed (the conventions' _OTHER), so a client cannot blow up the number of time series.
    public static string KnownMethod(string method) => method switch
    {
        HttpMethods.Get or HttpMethods.Head or HttpMethods.Post or HttpMethods.Put or HttpMethods.Delete
            or HttpMethods.Options or HttpMethods.Patch or HttpMethods.Trace or HttpMethods.Connect => method,
        _ => OtherMethod,
    };
}
