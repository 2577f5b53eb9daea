using System.Net;
using NetPrimitives.Diagnostics;
using NetPrimitives.Http;
using NetPrimitives.Names;
using NetPrimitives.Ping;
using NetPrimitives.Smtp;
using NetPrimitives.Tcp;
using NetPrimitives.Tests.Http;
using NetPrimitives.Tests.Ping;
using NetPrimitives.Tests.Smtp;
using NetPrimitives.Tests.Transport;
using NetPrimitives.Tests.Udp;
using NetPrimitives.Udp;

namespace NetPrimitives.Tests.Diagnostics;

/// <summary>
/// Components given an <see cref="System.Diagnostics.Metrics.IMeterFactory"/> create their meters through it: a
/// collector bound to the factory sees their measurements, under the documented names, units and tags, and nobody
/// else's.
/// </summary>
public sealed class MeterFactoryTests
{
    [Fact]
    public async Task Two_http_servers_with_two_factories_do_not_mix_their_measurements()
    {
        using var first = new TestMeters();
        using var second = new TestMeters();
        using var firstRequests = first.Collect<double>(NetPrimitivesDiagnostics.Http, "http.server.request.duration");
        using var secondRequests = second.Collect<double>(NetPrimitivesDiagnostics.Http, "http.server.request.duration");
        using var firstConnections = first.Collect<long>(NetPrimitivesDiagnostics.Transport, "netprimitives.server.connections");
        using var secondConnections = second.Collect<long>(NetPrimitivesDiagnostics.Transport, "netprimitives.server.connections");

        await using var one = await MiniHttpServerTests.StartAsync(configure: o => o.MeterFactory = first.Factory);
        await using var two = await MiniHttpServerTests.StartAsync(configure: o => o.MeterFactory = second.Factory);
        await GetAsync(one, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        await GetAsync(two, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n", responses: 2);
        await GetAsync(two, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        await one.StopAsync();
        await two.StopAsync();

        Assert.Single(firstRequests.GetMeasurementSnapshot());
        Assert.Equal(3, secondRequests.GetMeasurementSnapshot().Count);
        Assert.Equal(1, firstConnections.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(2, secondConnections.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal("{connection}", firstConnections.Instrument!.Unit);
        Assert.All(secondConnections.GetMeasurementSnapshot(), m => Assert.True(m.ContainsTags("network.transport", "network.type")));
    }

    [Fact]
    public async Task The_echo_server_counts_its_connections_on_the_factorys_transport_meter()
    {
        using var meters = new TestMeters();
        using var active = meters.Collect<long>(NetPrimitivesDiagnostics.Transport, "netprimitives.server.active_connections");
        using var durations = meters.Collect<double>(NetPrimitivesDiagnostics.Transport, "netprimitives.server.connection.duration");

        await using var server = new EchoServer(new EchoServerOptions { MeterFactory = meters.Factory });
        await server.StartAsync();
        await using (var client = await NetPrimitives.Transport.TcpConnection.ConnectAsync(server.LocalEndPoint).AsTask().WaitAsync(PipeRead.Timeout))
        {
            await client.Output.WriteAsync("ping"u8.ToArray());
            await PipeRead.ExactlyAsync(client.Input, 4);
        }

        await server.StopAsync();
        Assert.Equal([1L, -1L], active.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Single(durations.GetMeasurementSnapshot());
        Assert.Equal("s", durations.Instrument!.Unit);
    }

    [Fact]
    public async Task Host_lookups_record_dns_lookup_duration_with_error_type_and_without_the_name()
    {
        using var meters = new TestMeters();
        using var lookups = meters.Collect<double>(NetPrimitivesDiagnostics.Names, "dns.lookup.duration");
        var resolver = new HostResolver(new HostResolverOptions { MeterFactory = meters.Factory }, null, new FoundOnlyBackend());

        await resolver.GetHostByNameAsync("found.example");
        await Assert.ThrowsAsync<HostResolutionException>(() => resolver.GetHostByNameAsync("missing.example"));

        var measured = lookups.GetMeasurementSnapshot();
        Assert.Equal(2, measured.Count);
        Assert.Equal("s", lookups.Instrument!.Unit);
        Assert.Empty(measured[0].Tags);
        Assert.Equal("not_found", Assert.Single(measured[1].Tags).Value);
        Assert.All(measured, m => Assert.False(m.Tags.ContainsKey("dns.question.name")));
    }

    [Fact]
    public async Task The_udp_server_counts_datagrams_on_the_factorys_meter()
    {
        using var meters = new TestMeters();
        using var received = meters.Collect<long>(NetPrimitivesDiagnostics.Udp, "netprimitives.udp.server.datagrams.received");
        await using var server = new UpperCaseUdpServer(new UpperCaseUdpServerOptions { ReceiveLoops = 1, MeterFactory = meters.Factory });
        await server.StartAsync();
        using var peer = new UdpTestPeer();
        await peer.SendAsync("hello"u8.ToArray(), server.LocalEndPoint);
        _ = await peer.ReceiveAsync();
        await server.StopAsync().WaitAsync(UdpTestPeer.Wait);

        Assert.Equal(1, received.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal("{datagram}", received.Instrument!.Unit);
    }

    [Fact]
    public async Task A_message_sent_records_its_duration_and_recipients_on_the_smtp_meter()
    {
        using var meters = new TestMeters();
        using var durations = meters.Collect<double>(NetPrimitivesDiagnostics.Smtp, "netprimitives.smtp.client.send.duration");
        using var recipients = meters.Collect<long>(NetPrimitivesDiagnostics.Smtp, "netprimitives.smtp.client.recipients");
        await using var session = await SmtpSessionFixture.StartAsync(options: new SmtpClientRawOptions { MeterFactory = meters.Factory });

        await session.Client.SendMailAsync("a@example.com", ["b@example.com", "c@example.com"], "Subject: hi\r\n\r\nhello\r\n");

        Assert.Single(durations.GetMeasurementSnapshot());
        var counted = Assert.Single(recipients.GetMeasurementSnapshot());
        Assert.Equal(2, counted.Value);
        Assert.Equal(true, counted.Tags["netprimitives.smtp.accepted"]);
    }

    [Fact]
    public async Task A_sweep_counts_its_results_on_the_factorys_ping_meter()
    {
        using var meters = new TestMeters();
        using var results = meters.Collect<long>(NetPrimitivesDiagnostics.Ping, "netprimitives.ping.results");
        using var roundTrips = meters.Collect<double>(NetPrimitivesDiagnostics.Ping, "netprimitives.ping.round_trip_time");
        var fake = new FakePinger(SweepPath.PerProbe, _ => FakeReply.Alive(rttMs: 2));
        var options = SweepTestKit.Options(fake);
        options.MeterFactory = meters.Factory;

        await SweepTestKit.CollectAsync(SweepTestKit.Sweeper(fake, options).SweepAsync(PingTargets.Parse("10.0.0.1")));

        var counted = Assert.Single(results.GetMeasurementSnapshot());
        Assert.Equal("Alive", counted.Tags["status"]);
        Assert.Equal(0.002, Assert.Single(roundTrips.GetMeasurementSnapshot()).Value, 6);
        Assert.Equal("s", roundTrips.Instrument!.Unit);
    }

    private static async Task GetAsync(MiniHttpServer server, string requests, int responses = 1)
    {
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync(requests);
        for (var i = 0; i < responses; i++)
        {
            Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);
        }
    }
}
