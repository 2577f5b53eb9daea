using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using NetPrimitives.Names;

namespace NetPrimitives.Tests.Names;

/// <summary>The stub client against a scripted responder on loopback.</summary>
public sealed class DnsStubClientTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);

    // The attempt timeouts run on a fake clock: they fire only where a test moves it (a silent server on
    // purpose), so a loaded machine never triggers a retry that would change the counts the tests check.
    private static DnsStubClientOptions Fast(int attempts = 2, bool cache = false, TimeProvider? time = null) => new()
    {
        AttemptTimeout = AttemptTimeout,
        Attempts = attempts,
        EnableCache = cache,
        TimeProvider = time ?? new FakeTimeProvider(),
    };

    private static byte[] Answer(FakeDnsServer.Query q, string address = "192.0.2.1", uint ttl = 300) =>
        new DnsTestMessage(q.Id, q.Name, q.Type).A(address, ttl).ToArray();

    [Fact]
    public async Task Answers_a_query_and_reports_ttls()
    {
        await using var server = new FakeDnsServer((q, s) => s.ReplyAsync(q, Answer(q, ttl: 42)));
        var client = new DnsStubClient(server.EndPoint, Fast());
        var response = await client.QueryAsync("Host.Example", DnsRecordType.A).WaitAsync(Guard);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), response.Answers[0].Address);
        Assert.Equal(TimeSpan.FromSeconds(42), response.Answers[0].TimeToLive);
        Assert.False(response.ViaTcp);
        Assert.Equal(0, client.IgnoredResponses);
    }

    [Fact]
    public async Task Spoofed_and_mismatched_datagrams_are_ignored_and_counted()
    {
        using var spoofer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        spoofer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var server = new FakeDnsServer(async (q, s) =>
        {
            await spoofer.SendToAsync(Answer(q, "6.6.6.6"), SocketFlags.None, q.From);                           // right id, wrong port: the kernel drops it (connected socket)
            await s.ReplyAsync(q, new DnsTestMessage((ushort)(q.Id + 1), q.Name, q.Type).A("6.6.6.7").ToArray());   // wrong id
            await s.ReplyAsync(q, new DnsTestMessage(q.Id, "other.example", q.Type).A("6.6.6.8").ToArray());      // wrong question
            await s.ReplyAsync(q, new DnsTestMessage(q.Id, q.Name, DnsRecordType.AAAA).ToArray());                // wrong type
            var chaos = new DnsTestMessage(q.Id, q.Name, q.Type).A("6.6.6.9").ToArray();
            chaos[DnsTestMessage.QuestionOffset + q.Name.Length + 2 + 3] = 3;                                     // wrong class (CH)
            await s.ReplyAsync(q, chaos);
            await s.ReplyAsync(q, q.Bytes);                                                                       // a query, not a response
            await s.ReplyAsync(q, [1, 2, 3]);                                                                     // runt
            await s.ReplyAsync(q, Answer(q, "192.0.2.99"));
        });
        var client = new DnsStubClient(server.EndPoint, Fast());
        var response = await client.QueryAsync("victim.example", DnsRecordType.A).WaitAsync(Guard);
        Assert.Equal(IPAddress.Parse("192.0.2.99"), response.Answers[0].Address);
        Assert.Equal(6, client.IgnoredResponses); // the wrong-port datagram never reaches the client: its socket is connected to the server
    }

    [Fact]
    public async Task Truncated_udp_answer_is_retried_over_tcp()
    {
        await using var server = new FakeDnsServer(
            (q, s) => s.ReplyAsync(q, new DnsTestMessage(q.Id, q.Name, q.Type, flags: 0x8380).A("10.0.0.1").ToArray()),
            q =>
            {
                var m = new DnsTestMessage(q.Id, q.Name, q.Type);
                for (var i = 1; i <= 40; i++)
                {
                    m.A($"10.0.1.{i}");
                }

                return m.ToArray();
            });
        var client = new DnsStubClient(server.EndPoint, Fast());
        var response = await client.QueryAsync("big.example", DnsRecordType.A).WaitAsync(Guard);
        Assert.True(response.ViaTcp);
        Assert.False(response.IsTruncated);
        Assert.Equal(40, response.Answers.Count);
        Assert.Equal(1, server.TcpQueries);

        var noFallback = new DnsStubClient(server.EndPoint, new DnsStubClientOptions { TcpFallback = false });
        var truncated = await noFallback.QueryAsync("big.example", DnsRecordType.A).WaitAsync(Guard);
        Assert.True(truncated.IsTruncated);
        Assert.Single(truncated.Answers);
    }

    [Fact]
    public async Task Tcp_answer_with_another_id_is_a_typed_error()
    {
        await using var server = new FakeDnsServer(
            (q, s) => s.ReplyAsync(q, new DnsTestMessage(q.Id, q.Name, q.Type, flags: 0x8380).ToArray()),
            q => new DnsTestMessage((ushort)(q.Id ^ 0xFFFF), q.Name, q.Type).A("10.0.0.1").ToArray());
        var ex = await Assert.ThrowsAsync<DnsFormatException>(() => new DnsStubClient(server.EndPoint, Fast()).QueryAsync("x.example", DnsRecordType.A).WaitAsync(Guard));
        Assert.Contains("id", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_server_gives_the_typed_timeout_after_every_attempt()
    {
        await using var server = new FakeDnsServer((_, _) => Task.CompletedTask);
        var time = new FakeTimeProvider();
        var client = new DnsStubClient(server.EndPoint, Fast(attempts: 3, time: time));
        var query = client.QueryAsync("quiet.example", DnsRecordType.A);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await server.WaitForUdpQueriesAsync(attempt); // sent and unanswered: only the attempt's timeout ends it
            time.Advance(AttemptTimeout);
        }

        var ex = await Assert.ThrowsAsync<HostResolutionException>(() => query.WaitAsync(Guard));
        Assert.Equal(HostResolutionError.TimedOut, ex.Error);
        Assert.Equal(3, server.UdpQueries);
    }

    [Fact]
    public async Task A_lost_first_answer_is_recovered_by_the_retry_with_a_new_id()
    {
        var ids = new List<ushort>();
        await using var server = new FakeDnsServer((q, s) =>
        {
            lock (ids)
            {
                ids.Add(q.Id);
                return ids.Count == 1 ? Task.CompletedTask : s.ReplyAsync(q, Answer(q));
            }
        });
        var time = new FakeTimeProvider();
        var client = new DnsStubClient(server.EndPoint, Fast(time: time));
        Assert.Equal(16, client.Admission.Window);
        var query = client.QueryAsync("lossy.example", DnsRecordType.A);
        await server.WaitForUdpQueriesAsync(1); // the first attempt's query arrived and went unanswered
        time.Advance(AttemptTimeout);
        var response = await query.WaitAsync(Guard);
        Assert.Single(response.Answers);
        Assert.Equal(2, ids.Count);

        // The loss halved the window of queries let out at once; the answer (instant on the fake clock) added one.
        Assert.Equal(9, client.Admission.Window);
    }

    [Fact]
    public async Task Ids_stay_random_across_many_queries_on_one_socket()
    {
        // Ids are drawn 64 at a time per socket: 300 queries cross several refills of that buffer (and one socket retirement).
        var ids = new List<ushort>();
        await using var server = new FakeDnsServer((q, s) =>
        {
            lock (ids)
            {
                ids.Add(q.Id);
            }

            return s.ReplyAsync(q, Answer(q));
        });
        await using var client = new DnsStubClient(server.EndPoint, Fast());
        for (var i = 0; i < 300; i++)
        {
            Assert.Single((await client.QueryAsync($"n{i}.example", DnsRecordType.A).WaitAsync(Guard)).Answers);
        }

        Assert.Equal(300, ids.Count);
        Assert.True(ids.Distinct().Count() >= 290, $"{ids.Distinct().Count()} distinct ids in 300"); // ~0.7 repeats expected by chance
        Assert.True(ids.Count(id => id < 0x8000) is > 100 and < 200, "ids should spread over the whole 16-bit range");
    }

    [Fact]
    public async Task Cancellation_ends_the_query_with_OperationCanceledException()
    {
        await using var server = new FakeDnsServer((_, _) => Task.CompletedTask);
        var client = new DnsStubClient(server.EndPoint, Fast());
        using var cts = new CancellationTokenSource();
        var query = client.QueryAsync("quiet.example", DnsRecordType.A, cts.Token);
        await server.WaitForUdpQueriesAsync(1);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query.WaitAsync(Guard));
    }

    [Fact]
    public async Task Outstanding_queries_are_capped_and_waiting_ones_can_be_cancelled()
    {
        await using var server = new FakeDnsServer((_, _) => Task.CompletedTask);
        var options = Fast();
        options.MaxConcurrentQueries = 2;
        var client = new DnsStubClient(server.EndPoint, options);
        using var cts = new CancellationTokenSource();

        // A query registers on a socket and sends before its first wait, so a third one sent past the cap
        // would already be in the pool's table here; the two sent wait for answers that never come.
        var queries = Enumerable.Range(0, 5).Select(i => client.QueryAsync($"q{i}.example", DnsRecordType.A, cts.Token)).ToArray();
        Assert.Equal(2, client.UdpPool.InFlight);
        await server.WaitForUdpQueriesAsync(2);
        Assert.All(queries, q => Assert.False(q.IsCompleted));
        Assert.Equal(2, client.UdpPool.InFlight);
        cts.Cancel();
        foreach (var q in queries)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => q.WaitAsync(Guard));
        }

        Assert.Equal(2, server.UdpQueries);
    }

    [Fact]
    public async Task Malformed_answer_is_a_typed_error_not_a_crash()
    {
        await using var server = new FakeDnsServer((q, s) =>
        {
            var m = new DnsTestMessage(q.Id, q.Name, q.Type);
            var at = m.Length;
            return s.ReplyAsync(q, m.Answer(x => x.Pointer(at), DnsRecordType.A, 1, x => x.Raw(1, 2, 3, 4)).ToArray());
        });
        var ex = await Assert.ThrowsAsync<DnsFormatException>(() => new DnsStubClient(server.EndPoint, Fast()).QueryAsync("evil.example", DnsRecordType.A).WaitAsync(Guard));
        Assert.Equal(HostResolutionError.MalformedResponse, ex.Error);
    }

    [Fact]
    public async Task Cache_answers_within_the_ttl_with_reduced_ttls_then_expires()
    {
        var time = new FakeTimeProvider();
        await using var server = new FakeDnsServer((q, s) => s.ReplyAsync(q, Answer(q, ttl: 60)));
        var client = new DnsStubClient(server.EndPoint, Fast(cache: true, time: time));

        Assert.False((await client.QueryAsync("c.example", DnsRecordType.A).WaitAsync(Guard)).FromCache);
        var sent = server.UdpQueries;
        time.Advance(TimeSpan.FromSeconds(20));
        var cached = await client.QueryAsync("C.EXAMPLE.", DnsRecordType.A).WaitAsync(Guard);
        Assert.True(cached.FromCache);
        Assert.Equal(TimeSpan.FromSeconds(40), cached.Answers[0].TimeToLive);
        Assert.Equal(sent, server.UdpQueries); // nothing sent

        time.Advance(TimeSpan.FromSeconds(41));
        Assert.False((await client.QueryAsync("c.example", DnsRecordType.A).WaitAsync(Guard)).FromCache);
        Assert.True(server.UdpQueries > sent);
        Assert.False((await client.QueryAsync("c.example", DnsRecordType.AAAA).WaitAsync(Guard)).FromCache); // other type, other entry
    }

    [Fact]
    public async Task Invalid_names_are_refused_before_sending()
    {
        await using var server = new FakeDnsServer((q, s) => s.ReplyAsync(q, Answer(q)));
        var client = new DnsStubClient(server.EndPoint, Fast());
        await Assert.ThrowsAsync<InvalidHostNameException>(() => client.QueryAsync("a..b", DnsRecordType.A));
        Assert.Equal(0, server.UdpQueries);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DnsStubClient(server.EndPoint, new DnsStubClientOptions { Attempts = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DnsStubClient(server.EndPoint, new DnsStubClientOptions { MaxConcurrentQueries = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DnsStubClient(server.EndPoint, new DnsStubClientOptions { MaxConcurrentQueries = 65_537 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DnsStubClient(server.EndPoint, new DnsStubClientOptions { AttemptTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public async Task HostResolver_over_the_stub_client_follows_cnames_and_maps_rcodes()
    {
        await using var server = new FakeDnsServer((q, s) =>
        {
            var reply = q.Name switch
            {
                "www.example" when q.Type == DnsRecordType.A => new DnsTestMessage(q.Id, q.Name, q.Type)
                    .Answer(m => m.Pointer(12), DnsRecordType.CNAME, 30, m => m.Name("web.example"))
                    .Answer(m => m.Name("web.example"), DnsRecordType.A, 30, m => m.Raw(10, 9, 8, 7)),
                "nx.example" => new DnsTestMessage(q.Id, q.Name, q.Type, flags: 0x8183),
                "fail.example" => new DnsTestMessage(q.Id, q.Name, q.Type, flags: 0x8182),
                "refused.example" => new DnsTestMessage(q.Id, q.Name, q.Type, flags: 0x8185),
                _ when q.Type == DnsRecordType.PTR => new DnsTestMessage(q.Id, q.Name, q.Type)
                    .Answer(m => m.Pointer(12), DnsRecordType.PTR, 30, m => m.Name("back.example")),
                _ => new DnsTestMessage(q.Id, q.Name, q.Type), // NODATA
            };
            return s.ReplyAsync(q, reply.ToArray());
        });
        var resolver = new HostResolver(new HostResolverOptions { DnsServer = server.EndPoint, DnsClientOptions = Fast() });

        var entry = await resolver.GetHostByNameExAsync("www.example").WaitAsync(Guard);
        Assert.Equal("web.example", entry.HostName);
        Assert.Equal(["www.example"], entry.Aliases);
        Assert.Equal([IPAddress.Parse("10.9.8.7")], entry.Addresses);
        Assert.Equal("web.example", (await resolver.GetHostByNameExAsync("www.example", AddressFamilyPreference.Any).WaitAsync(Guard)).HostName);

        await AssertError(HostResolutionError.NotFound, resolver.GetHostByNameAsync("nx.example"));
        await AssertError(HostResolutionError.TemporaryFailure, resolver.GetHostByNameAsync("fail.example"));
        await AssertError(HostResolutionError.ServerFailure, resolver.GetHostByNameAsync("refused.example"));
        await AssertError(HostResolutionError.NoAddress, resolver.GetHostByNameAsync("empty.example"));
        await AssertError(HostResolutionError.NoAddress, resolver.GetHostByNameExAsync("empty.example", AddressFamilyPreference.Any));

        var reverse = await resolver.GetHostByAddrAsync(IPAddress.Parse("10.9.8.7")).WaitAsync(Guard);
        Assert.Equal("back.example", reverse.HostName);
        Assert.Equal("back.example", await resolver.GetFqdnAsync("10.9.8.7").WaitAsync(Guard));
    }

    [Fact]
    public async Task HostResolver_takes_addresses_names_and_aliases_only_from_class_IN_records()
    {
        // A class CH (3) or HS (4) record is not an Internet address, even with the question's owner and type.
        const ushort Chaos = 3, Hesiod = 4;
        await using var server = new FakeDnsServer((q, s) =>
        {
            var reply = q.Name switch
            {
                "classch.test" when q.Type == DnsRecordType.A => new DnsTestMessage(q.Id, q.Name, q.Type)
                    .Answer(m => m.Pointer(12), DnsRecordType.A, 30, m => m.Raw(6, 6, 6, 6), Chaos),
                "mixed.test" when q.Type == DnsRecordType.A => new DnsTestMessage(q.Id, q.Name, q.Type)
                    .Answer(m => m.Pointer(12), DnsRecordType.A, 30, m => m.Raw(6, 6, 6, 6), Hesiod)
                    .Answer(m => m.Pointer(12), DnsRecordType.A, 30, m => m.Raw(10, 0, 0, 1)),
                "alias.test" when q.Type == DnsRecordType.A => new DnsTestMessage(q.Id, q.Name, q.Type)
                    .Answer(m => m.Pointer(12), DnsRecordType.CNAME, 30, m => m.Name("evil.test"), Chaos)
                    .Answer(m => m.Name("evil.test"), DnsRecordType.A, 30, m => m.Raw(6, 6, 6, 7))
                    .Answer(m => m.Pointer(12), DnsRecordType.A, 30, m => m.Raw(10, 0, 0, 2)),
                _ when q.Type == DnsRecordType.PTR => new DnsTestMessage(q.Id, q.Name, q.Type)
                    .Answer(m => m.Pointer(12), DnsRecordType.PTR, 30, m => m.Name("chaos.test"), Chaos),
                _ => new DnsTestMessage(q.Id, q.Name, q.Type),
            };
            return s.ReplyAsync(q, reply.ToArray());
        });
        var resolver = new HostResolver(new HostResolverOptions { DnsServer = server.EndPoint, DnsClientOptions = Fast() });

        await AssertError(HostResolutionError.NoAddress, resolver.GetHostByNameAsync("classch.test"));
        Assert.Equal([IPAddress.Parse("10.0.0.1")], (await resolver.GetHostByNameExAsync("mixed.test").WaitAsync(Guard)).Addresses);
        var alias = await resolver.GetHostByNameExAsync("alias.test").WaitAsync(Guard);
        Assert.Equal("alias.test", alias.HostName);
        Assert.Empty(alias.Aliases);
        Assert.Equal([IPAddress.Parse("10.0.0.2")], alias.Addresses);
        await AssertError(HostResolutionError.NotFound, resolver.GetHostByAddrAsync(IPAddress.Parse("10.0.0.1")));
    }

    private static async Task AssertError<T>(HostResolutionError expected, Task<T> lookup)
    {
        var ex = await Assert.ThrowsAsync<HostResolutionException>(() => lookup.WaitAsync(Guard));
        Assert.Equal(expected, ex.Error);
    }
}
