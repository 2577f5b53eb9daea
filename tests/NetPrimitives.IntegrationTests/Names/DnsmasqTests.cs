using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using NetPrimitives.Names;

namespace NetPrimitives.IntegrationTests.Names;

/// <summary>The stub client and HostResolver against a real dnsmasq on loopback (skipped when dnsmasq is missing).</summary>
public sealed class DnsmasqTests(DnsmasqServer dnsmasq) : IClassFixture<DnsmasqServer>
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(15);

    private async Task<DnsStubClient> ClientAsync() =>
        new(await dnsmasq.StartAsync(), new DnsStubClientOptions { AttemptTimeout = TimeSpan.FromSeconds(2) });

    [Fact]
    public async Task A_and_AAAA_records_with_ttls()
    {
        var client = await ClientAsync();
        var a = await client.QueryAsync("web.test", DnsRecordType.A).WaitAsync(Guard);
        Assert.Equal(DnsResponseCode.NoError, a.ResponseCode);
        Assert.Equal(IPAddress.Parse("10.53.0.5"), Assert.Single(a.Answers).Address);
        Assert.Equal(TimeSpan.FromSeconds(60), a.Answers[0].TimeToLive);

        var aaaa = await client.QueryAsync("web.test", DnsRecordType.AAAA).WaitAsync(Guard);
        Assert.Equal(IPAddress.Parse("fd00:53::5"), Assert.Single(aaaa.Answers).Address);
    }

    [Fact]
    public async Task Cname_chain_is_followed_by_the_resolver()
    {
        var client = await ClientAsync();
        var response = await client.QueryAsync("chain.test", DnsRecordType.A).WaitAsync(Guard);
        Assert.Contains(response.Answers, r => r.Type == DnsRecordType.CNAME && r.Name == "chain.test" && r.Target == "www.test");

        var resolver = new HostResolver(new HostResolverOptions { DnsServer = client.Server });
        var entry = await resolver.GetHostByNameExAsync("chain.test").WaitAsync(Guard);
        Assert.Equal("web.test", entry.HostName);
        Assert.Equal(["chain.test", "www.test"], entry.Aliases);
        Assert.Equal([IPAddress.Parse("10.53.0.5")], entry.Addresses);

        var both = await resolver.GetHostByNameExAsync("chain.test", AddressFamilyPreference.Any).WaitAsync(Guard);
        Assert.Equal([IPAddress.Parse("10.53.0.5"), IPAddress.Parse("fd00:53::5")], both.Addresses);
    }

    [Fact]
    public async Task Mx_srv_and_txt_records()
    {
        var client = await ClientAsync();
        var mx = Assert.Single((await client.QueryAsync("test", DnsRecordType.MX).WaitAsync(Guard)).Answers);
        Assert.Equal((10, "mail.test"), (mx.Preference, mx.Target));

        var srv = Assert.Single((await client.QueryAsync("_sip._tcp.test", DnsRecordType.SRV).WaitAsync(Guard)).Answers);
        Assert.Equal((1, 5, 5060, "sip.test"), (srv.Priority, srv.Weight, srv.Port, srv.Target));

        var txt = Assert.Single((await client.QueryAsync("txt.test", DnsRecordType.TXT).WaitAsync(Guard)).Answers);
        Assert.Equal(["hello world", "second"], txt.Text);
    }

    [Fact]
    public async Task Ptr_record_and_reverse_lookup()
    {
        var client = await ClientAsync();
        var ptr = Assert.Single((await client.QueryReverseAsync(IPAddress.Parse("10.53.0.9")).WaitAsync(Guard)).Answers);
        Assert.Equal("named.test", ptr.Target);

        var resolver = new HostResolver(new HostResolverOptions { DnsServer = client.Server });
        Assert.Equal("named.test", (await resolver.GetHostByAddrAsync(IPAddress.Parse("10.53.0.9")).WaitAsync(Guard)).HostName);
        Assert.Equal("named.test", await resolver.GetFqdnAsync("10.53.0.9").WaitAsync(Guard));
    }

    [Fact]
    public async Task Nxdomain_and_nodata_are_typed()
    {
        var client = await ClientAsync();
        Assert.Equal(DnsResponseCode.NameError, (await client.QueryAsync("nosuch.test", DnsRecordType.A).WaitAsync(Guard)).ResponseCode);

        var resolver = new HostResolver(new HostResolverOptions { DnsServer = client.Server });
        var nx = await Assert.ThrowsAsync<HostResolutionException>(() => resolver.GetHostByNameAsync("nosuch.test").WaitAsync(Guard));
        Assert.Equal(HostResolutionError.NotFound, nx.Error);
        var nodata = await Assert.ThrowsAsync<HostResolutionException>(() => resolver.GetHostByNameExAsync("v4only.test", AddressFamilyPreference.InterNetworkV6).WaitAsync(Guard));
        Assert.Equal(HostResolutionError.NoAddress, nodata.Error);
    }

    [Fact]
    public async Task Oversized_answer_is_truncated_over_udp_and_fetched_over_tcp()
    {
        var client = await ClientAsync();
        var response = await client.QueryAsync("big.test", DnsRecordType.TXT).WaitAsync(Guard);
        Assert.True(response.ViaTcp);
        Assert.Equal([DnsmasqServer.BigText, DnsmasqServer.BigText, DnsmasqServer.BigText], Assert.Single(response.Answers).Text);

        var udpOnly = new DnsStubClient(client.Server, new DnsStubClientOptions { TcpFallback = false });
        Assert.True((await udpOnly.QueryAsync("big.test", DnsRecordType.TXT).WaitAsync(Guard)).IsTruncated);
    }

    [Fact]
    public async Task Batch_over_dnsmasq_streams_addresses_and_typed_failures()
    {
        var resolver = new HostResolver(new HostResolverOptions { DnsServer = await dnsmasq.StartAsync(), BatchConcurrency = 3 });
        var results = new Dictionary<string, HostLookupResult>();
        await foreach (var r in resolver.ResolveManyAsync(["web.test", "chain.test", "", "nosuch.test", "v4only.test", "bad..name"]).WithCancellation(TestContext.Current.CancellationToken))
        {
            results[r.Query] = r;
        }

        Assert.Equal(6, results.Count);
        Assert.Equal(IPAddress.Parse("10.53.0.5"), results["web.test"].Entry!.Addresses[0]);
        Assert.Equal("web.test", results["chain.test"].Entry!.HostName);
        Assert.Equal(IPAddress.Parse("10.53.0.6"), results["v4only.test"].Entry!.Addresses[0]);
        Assert.Equal(HostResolutionError.InvalidName, results[""].Error!.Error);
        Assert.Equal(HostResolutionError.NotFound, results["nosuch.test"].Error!.Error);
        Assert.IsType<InvalidHostNameException>(results["bad..name"].Error);
    }

    [Fact]
    public async Task Cache_saves_the_second_query()
    {
        var client = new DnsStubClient(await dnsmasq.StartAsync(), new DnsStubClientOptions { EnableCache = true });
        Assert.False((await client.QueryAsync("web.test", DnsRecordType.A).WaitAsync(Guard)).FromCache);
        var second = await client.QueryAsync("web.test", DnsRecordType.A).WaitAsync(Guard);
        Assert.True(second.FromCache);
        Assert.InRange(second.Answers[0].TimeToLive, TimeSpan.Zero, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_udp_socket_that_never_answers_gives_the_typed_timeout()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var server = (IPEndPoint)silent.LocalEndPoint!;
        var time = new FakeTimeProvider();
        var attempt = TimeSpan.FromMilliseconds(200);
        var buffer = new byte[512];

        // Each attempt's query reaches the socket, unanswered: only its timeout ends it.
        var client = new DnsStubClient(server, new DnsStubClientOptions { AttemptTimeout = attempt, Attempts = 2, TimeProvider = time });
        var query = client.QueryAsync("web.test", DnsRecordType.A);
        for (var i = 0; i < 2; i++)
        {
            await silent.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(Guard);
            time.Advance(attempt);
        }
        var ex = await Assert.ThrowsAsync<HostResolutionException>(() => query.WaitAsync(Guard));
        Assert.Equal(HostResolutionError.TimedOut, ex.Error);

        // The resolver's own overall timeout, shorter than the client's attempts, also ends with the typed error.
        var timeout = TimeSpan.FromMilliseconds(300);
        var resolver = new HostResolver(new HostResolverOptions
        {
            DnsServer = server,
            Timeout = timeout,
            TimeProvider = time,
            DnsClientOptions = new DnsStubClientOptions { AttemptTimeout = TimeSpan.FromMinutes(1), TimeProvider = time },
        });
        var lookup = resolver.GetHostByNameAsync("web.test");
        await silent.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(Guard);
        time.Advance(timeout);
        var timedOut = await Assert.ThrowsAsync<HostResolutionException>(() => lookup.WaitAsync(Guard));
        Assert.Equal(HostResolutionError.TimedOut, timedOut.Error);
    }
}
