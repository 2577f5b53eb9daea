using System.Diagnostics;
using NetPrimitives.Diagnostics;

namespace NetPrimitives.Ping;

/// <summary>
/// The sweeper's spans (<see cref="NetPrimitivesDiagnostics.Ping"/>): one per sweep, kind Internal, from the first
/// read of its results to the summary (the conventions have none for ICMP, so the attribute names are ours). Lookups
/// of host-name targets run inside it, so a resolver's spans are its children.
/// </summary>
internal static class PingTracing
{
    public static readonly ActivitySource Source = ComponentMeter.CreateSource(NetPrimitivesDiagnostics.Ping);

    public static Activity? StartSweep(PingEngine engine, long targets)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("ping sweep", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("netprimitives.ping.engine", engine.ToString());
            activity.SetTag("netprimitives.ping.targets", targets);
        }

        return activity;
    }

    /// <summary>Ends the span with the sweep's totals; <paramref name="failure"/> is the error that ended it, if any.</summary>
    public static void StopSweep(Activity activity, SweepSummary summary, Exception? failure)
    {
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("netprimitives.ping.probes_sent", summary.ProbesSent);
            activity.SetTag("netprimitives.ping.alive", summary.Alive);
            activity.SetTag("netprimitives.ping.timed_out", summary.TimedOut);
            activity.SetTag("netprimitives.ping.unreachable", summary.Unreachable);
            activity.SetTag("netprimitives.ping.not_resolved", summary.NotResolved);
            activity.SetTag("netprimitives.ping.cancelled", summary.Cancelled);
        }

        if (failure is not null)
        {
            activity.SetTag("error.type", failure.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error);
        }

        activity.Stop();
    }
}
