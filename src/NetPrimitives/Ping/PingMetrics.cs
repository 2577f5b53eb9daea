using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;

namespace NetPrimitives.Ping;

/// <summary>Instruments of the ping sweeper on the shared NetPrimitives meter.</summary>
internal static class PingMetrics
{
    private static readonly Counter<long> Sent = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.ping.probes_sent", "{probe}", "ICMP echo requests (or TCP probes) sent, retries included.");

    private static readonly Counter<long> Results = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.ping.results", "{target}", "Final per-target results, by status.");

    private static readonly Histogram<double> RoundTrip = NetPrimitivesDiagnostics.Meter.CreateHistogram<double>(
        "netprimitives.ping.round_trip_time", "s", "Round-trip time of answered probes.");

    private static readonly Counter<long> Ignored = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.ping.ignored_packets", "{packet}", "Received ICMP packets that answered none of our probes (foreign, stale or malformed).");

    public static void ProbeSent(PingEngine engine)
    {
        if (Sent.Enabled)
        {
            Sent.Add(1, new KeyValuePair<string, object?>("engine", engine.ToString()));
        }
    }

    public static void Result(PingResult result)
    {
        if (Results.Enabled)
        {
            Results.Add(1, new KeyValuePair<string, object?>("status", result.Status.ToString()));
        }

        if (RoundTrip.Enabled && result.RoundTripTime is { } rtt)
        {
            RoundTrip.Record(rtt.TotalSeconds);
        }
    }

    public static void PacketIgnored()
    {
        if (Ignored.Enabled)
        {
            Ignored.Add(1);
        }
    }
}
