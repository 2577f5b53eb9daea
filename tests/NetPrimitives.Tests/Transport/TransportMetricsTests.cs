using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;
using NetPrimitives.Transport;

namespace NetPrimitives.Tests.Transport;

public sealed class TransportMetricsTests
{
    [Fact]
    public async Task A_served_connection_is_counted_timed_and_its_bytes_measured()
    {
        var measurements = new List<(string Name, double Value)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == NetPrimitivesDiagnostics.Transport)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, _, _) => { lock (measurements) { measurements.Add((instrument.Name, value)); } });
        meterListener.SetMeasurementEventCallback<double>((instrument, value, _, _) => { lock (measurements) { measurements.Add((instrument.Name, value)); } });
        meterListener.Start();

        var listener = new TcpConnectionListener(new TcpServerOptions(), async (connection, _) =>
        {
            var result = await connection.Input.ReadAtLeastAsync(1000);
            await connection.Output.WriteAsync(result.Buffer.ToArray());
            connection.Input.AdvanceTo(result.Buffer.End);
        });
        listener.Start();
        await using (listener)
        {
            await using var client = await TcpConnection.ConnectAsync(listener.LocalEndPoint!).AsTask().WaitAsync(PipeRead.Timeout);
            await client.Output.WriteAsync(new byte[1000]);
            await PipeRead.ExactlyAsync(client.Input, 1000);
            await PipeRead.UntilAsync(listener, () => listener.ActiveConnections == 0, "the server closed the connection");
        }

        // Other tests may add their own measurements concurrently: only lower bounds are certain.
        (string Name, double Value)[] seen;
        lock (measurements)
        {
            seen = measurements.ToArray();
        }

        Assert.Contains(seen, m => m is { Name: "netprimitives.server.active_connections", Value: 1 });
        Assert.Contains(seen, m => m is { Name: "netprimitives.server.active_connections", Value: -1 });
        Assert.Contains(seen, m => m.Name == "netprimitives.server.connections");
        Assert.Contains(seen, m => m.Name == "netprimitives.server.connection.duration" && m.Value >= 0);
        Assert.True(seen.Where(m => m.Name == "netprimitives.transport.bytes_received").Sum(m => m.Value) >= 2000); // both sides
        Assert.True(seen.Where(m => m.Name == "netprimitives.transport.bytes_sent").Sum(m => m.Value) >= 2000);
    }
}
