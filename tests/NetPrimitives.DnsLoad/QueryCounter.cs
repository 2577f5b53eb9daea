using System.Diagnostics.Metrics;

namespace NetPrimitives.DnsLoad;

/// <summary>Counts the stub client's UDP queries (retries included) from its metric, to show lost datagrams.</summary>
internal sealed class QueryCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _udp;

    public QueryCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "NetPrimitives.Names" && instrument.Name == "netprimitives.dns.queries")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "transport" && (string?)tag.Value == "udp")
                {
                    Interlocked.Add(ref _udp, value);
                }
            }
        });
        _listener.Start();
    }

    public long Udp => Interlocked.Read(ref _udp);

    public void Dispose() => _listener.Dispose();
}
