using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;
using NetPrimitives.Udp;

namespace NetPrimitives.Tests.Udp;

public sealed class UdpMetricsTests
{
    [Fact]
    public async Task Server_instruments_report_on_the_udp_meter()
    {
        // Other tests run in parallel on the same process-wide meter, so totals only ever grow: assert lower bounds.
        var totals = new ConcurrentDictionary<string, long>();
        var reasons = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == NetPrimitivesDiagnostics.Udp && instrument.Name.StartsWith("netprimitives.udp.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            totals.AddOrUpdate(instrument.Name, value, (_, v) => v + value);
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    reasons.AddOrUpdate((string)tag.Value!, value, (_, v) => v + value);
                }
            }
        });
        listener.Start();

        await using var server = new UpperCaseUdpServer(new UpperCaseUdpServerOptions { Mode = UpperCaseMode.Unicode, MaxDatagramSize = 10, ReceiveLoops = 1 });
        await server.StartAsync();
        using var peer = new UdpTestPeer();
        await peer.SendAsync(new byte[11], server.LocalEndPoint); // truncated
        await peer.SendAsync(Encoding.UTF8.GetBytes("ɐɐɐɐɐ"), server.LocalEndPoint); // reply too large
        await peer.SendAsync("hello"u8.ToArray(), server.LocalEndPoint); // answered
        // One loop serves them in order: the reply to the last means the others were served, and the stop returns once
        // everything served is counted.
        _ = await peer.ReceiveAsync();
        await server.StopAsync().WaitAsync(UdpTestPeer.Wait);
        Assert.True(server.GetStatistics() is { DatagramsTruncated: 1, DatagramsDropped: 1 });

        bool AtLeast(string name, long value) => totals.GetValueOrDefault(name) >= value;
        Assert.True(AtLeast("netprimitives.udp.server.datagrams.received", 2));
        Assert.True(AtLeast("netprimitives.udp.server.bytes.received", 15));
        Assert.True(AtLeast("netprimitives.udp.server.datagrams.sent", 1));
        Assert.True(AtLeast("netprimitives.udp.server.bytes.sent", 5));
        Assert.True(AtLeast("netprimitives.udp.server.datagrams.truncated", 1));
        Assert.True(reasons.GetValueOrDefault("reply_too_large") >= 1);
    }
}
