using System.Diagnostics;
using NetPrimitives.Diagnostics;

namespace NetPrimitives.Names;

/// <summary>The Names component's spans (<see cref="NetPrimitivesDiagnostics.Names"/>): one per host lookup, kind Client.</summary>
internal static class NamesTracing
{
    public static readonly ActivitySource Source = ComponentMeter.CreateSource(NetPrimitivesDiagnostics.Names);

    /// <summary>Starts the span of a lookup of <paramref name="query"/>; null (and nothing allocated) when nobody listens.</summary>
    public static Activity? StartLookup(string query)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("DNS lookup", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            // A span may carry the name: unlike a metric tag, it does not multiply time series.
            activity.SetTag("dns.question.name", query);
        }

        return activity;
    }

    public static void Succeeded(Activity activity, object? result)
    {
        if (activity.IsAllDataRequested && result is HostEntry entry)
        {
            var answers = new string[entry.Addresses.Count];
            for (var i = 0; i < answers.Length; i++)
            {
                answers[i] = entry.Addresses[i].ToString();
            }

            activity.SetTag("dns.answers", answers);
        }
    }

    public static void Failed(Activity activity, string errorType)
    {
        activity.SetTag("error.type", errorType);
        activity.SetStatus(ActivityStatusCode.Error);
    }
}
