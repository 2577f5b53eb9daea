using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;

namespace NetPrimitives.Names;

/// <summary>
/// Instruments of the Names component on its meter (<see cref="NetPrimitivesDiagnostics.Names"/>), once per meter.
/// The lookup duration is the OpenTelemetry convention's <c>dns.lookup.duration</c>, without <c>dns.question.name</c>:
/// one time series per name asked would have no bound.
/// </summary>
internal sealed class NamesMetrics(Meter meter)
{
    private static readonly ComponentInstruments<NamesMetrics> Instances = new(NetPrimitivesDiagnostics.Names, m => new NamesMetrics(m));

    // error.type values: the HostResolutionError names in snake case, made once.
    private static readonly string[] ErrorTypes = Enum.GetValues<HostResolutionError>().Select(SnakeCase).ToArray();

    public Histogram<double> LookupDuration { get; } = meter.CreateHistogram(
        "dns.lookup.duration", "s", "Duration of host lookups (error.type when one failed).", advice: ComponentMeter.ShortDurations);

    public UpDownCounter<long> AbandonedLookups { get; } = meter.CreateUpDownCounter<long>(
        "netprimitives.names.abandoned_lookups", "{lookup}", "OS resolver calls still running after their caller gave up.");

    public Counter<long> DnsQueries { get; } = meter.CreateCounter<long>(
        "netprimitives.dns.queries", "{query}", "DNS queries sent by the stub client, tagged by transport (udp, tcp).");

    public Counter<long> DnsIgnoredResponses { get; } = meter.CreateCounter<long>(
        "netprimitives.dns.ignored_responses", "{datagram}", "Datagrams ignored by the stub client: wrong source, id or question (spoofed or stale).");

    public Counter<long> DnsCacheHits { get; } = meter.CreateCounter<long>(
        "netprimitives.dns.cache.hits", "{query}", "Stub client queries answered from its cache.");

    /// <summary>The instruments on <paramref name="factory"/>'s Names meter, or on the process-wide one when it is null.</summary>
    public static NamesMetrics For(IMeterFactory? factory) => Instances.For(factory);

    /// <summary>The <c>error.type</c> of a failed lookup: <c>not_found</c>, <c>timed_out</c>, ...</summary>
    public static string ErrorType(HostResolutionError error) =>
        (uint)error < (uint)ErrorTypes.Length ? ErrorTypes[(int)error] : "_OTHER";

    /// <summary>Records a lookup; <paramref name="error"/> is null when it succeeded.</summary>
    public void RecordLookup(HostResolutionError? error, double seconds)
    {
        if (!LookupDuration.Enabled)
        {
            return;
        }

        if (error is { } failed)
        {
            LookupDuration.Record(seconds, new KeyValuePair<string, object?>("error.type", ErrorType(failed)));
        }
        else
        {
            LookupDuration.Record(seconds);
        }
    }

    private static string SnakeCase(HostResolutionError error)
    {
        var name = error.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
