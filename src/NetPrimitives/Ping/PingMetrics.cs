using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;

namespace NetPrimitives.Ping;

/// <summary>Instruments of the ping sweeper on its meter (<see cref="NetPrimitivesDiagnostics.Ping"/>), once per meter.</summary>
internal sealed class PingMetrics(Meter meter)
{
    private static readonly ComponentInstruments<PingMetrics> Instances = new(NetPrimitivesDiagnostics.Ping, m => new PingMetrics(m));

    // Round trips from a fraction of a millisecond (loopback, LAN) to seconds (a slow path or a retry's timeout).
    private static readonly InstrumentAdvice<double> RoundTrips = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    };

    private readonly Counter<long> _sent = meter.CreateCounter<long>(
        "netprimitives.ping.probes_sent", "{probe}", "ICMP echo requests (or TCP probes) sent, retries included.");

    private readonly Counter<long> _results = meter.CreateCounter<long>(
        "netprimitives.ping.results", "{target}", "Final per-target results, by status.");

    private readonly Histogram<double> _roundTrip = meter.CreateHistogram(
        "netprimitives.ping.round_trip_time", "s", "Round-trip time of answered probes.", advice: RoundTrips);

    private readonly Counter<long> _ignored = meter.CreateCounter<long>(
        "netprimitives.ping.ignored_packets", "{packet}", "Received ICMP packets that answered none of our probes (foreign, stale or malformed).");

    /// <summary>The instruments on <paramref name="factory"/>'s Ping meter, or on the process-wide one when it is null.</summary>
    public static PingMetrics For(IMeterFactory? factory) => Instances.For(factory);

    public void ProbeSent(PingEngine engine)
    {
        if (_sent.Enabled)
        {
            _sent.Add(1, new KeyValuePair<string, object?>("engine", engine.ToString()));
        }
    }

    public void Result(PingResult result)
    {
        if (_results.Enabled)
        {
            _results.Add(1, new KeyValuePair<string, object?>("status", result.Status.ToString()));
        }

        if (_roundTrip.Enabled && result.RoundTripTime is { } rtt)
        {
            _roundTrip.Record(rtt.TotalSeconds);
        }
    }

    public void PacketIgnored()
    {
        if (_ignored.Enabled)
        {
            _ignored.Add(1);
        }
    }
}
