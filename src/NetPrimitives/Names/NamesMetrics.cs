using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;

namespace NetPrimitives.Names;

/// <summary>Instruments of the Names component, on the shared NetPrimitives meter.</summary>
internal static class NamesMetrics
{
    public static readonly Counter<long> Lookups = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.names.lookups", "{lookup}", "Host lookups finished, tagged by result (ok or the error kind).");

    public static readonly Histogram<double> LookupDuration = NetPrimitivesDiagnostics.Meter.CreateHistogram<double>(
        "netprimitives.names.lookup.duration", "s", "Duration of host lookups.");

    public static readonly UpDownCounter<long> AbandonedLookups = NetPrimitivesDiagnostics.Meter.CreateUpDownCounter<long>(
        "netprimitives.names.abandoned_lookups", "{lookup}", "OS resolver calls still running after their caller gave up.");

    public static readonly Counter<long> DnsQueries = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.dns.queries", "{query}", "DNS queries sent by the stub client, tagged by transport (udp, tcp).");

    public static readonly Counter<long> DnsIgnoredResponses = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.dns.ignored_responses", "{datagram}", "Datagrams ignored by the stub client: wrong source, id or question (spoofed or stale).");

    public static readonly Counter<long> DnsCacheHits = NetPrimitivesDiagnostics.Meter.CreateCounter<long>(
        "netprimitives.dns.cache.hits", "{query}", "Stub client queries answered from its cache.");

    public static void RecordLookup(string result, double seconds)
    {
        if (Lookups.Enabled)
        {
            Lookups.Add(1, new KeyValuePair<string, object?>("result", result));
        }

        if (LookupDuration.Enabled)
        {
            LookupDuration.Record(seconds, new KeyValuePair<string, object?>("result", result));
        }
    }
}
