using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NetPrimitives.Names;

namespace NetPrimitives.Tests.Names;

/// <summary>The stub client's pooled UDP sockets: demultiplexing, late answers, retirement and disposal.</summary>
public sealed class DnsStubClientPoolTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);
    private const int IgnoredEvent = 610; // NamesLog.DnsResponseIgnored

    // One socket, kept however slow the machine (its clock is fake): the tests decide when a socket changes.
    private static DnsStubClientOptions OneSocket(int queriesPerSocket = 1000, TimeProvider? time = null) => new()
    {
        TimeProvider = time ?? new FakeTimeProvider(),
        AttemptTimeout = TimeSpan.FromMinutes(1),
        Attempts = 1,
        UdpSockets = 1,
        QueriesPerUdpSocket = queriesPerSocket,
        UdpSocketMaxAge = TimeSpan.FromHours(1),
        UdpSocketIdleTimeout = TimeSpan.FromHours(1),
    };

    private static byte[] Answer(FakeDnsServer.Query q, string address) => new DnsTestMessage(q.Id, q.Name, q.Type).A(address).ToArray();

    [Fact]
    public async Task A_caller_that_blocks_when_its_answer_arrives_does_not_stall_the_other_queries_on_its_socket()
    {
        var queries = new ConcurrentDictionary<string, FakeDnsServer.Query>();
        var bothAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new FakeDnsServer((q, _) =>
        {
            queries[q.Name] = q;
            if (queries.Count == 2)
            {
                bothAsked.TrySetResult();
            }

            return Task.CompletedTask;
        });
        await using var client = new DnsStubClient(server.EndPoint, OneSocket());
        var a = client.QueryAsync("a.example", DnsRecordType.A);
        var b = client.QueryAsync("b.example", DnsRecordType.A);
        await bothAsked.Task.WaitAsync(Guard);

        // a's caller resumes on whatever thread completes a, and blocks there until b has its answer.
        using var release = new ManualResetEventSlim();
        var blocking = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aDone = a.ContinueWith(
            t =>
            {
                blocking.SetResult();
                return release.Wait(Guard) ? t.Result : throw new TimeoutException("b never completed");
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        await server.ReplyAsync(queries["a.example"], Answer(queries["a.example"], "10.0.0.1"));
        await blocking.Task.WaitAsync(Guard);

        await server.ReplyAsync(queries["b.example"], Answer(queries["b.example"], "10.0.0.2"));
        Assert.Equal(IPAddress.Parse("10.0.0.2"), (await b.WaitAsync(Guard)).Answers[0].Address);
        release.Set();
        Assert.Equal(IPAddress.Parse("10.0.0.1"), (await aDone.WaitAsync(Guard)).Answers[0].Address);
    }

    [Fact]
    public async Task Concurrent_queries_on_one_socket_get_their_own_answers_when_the_server_answers_out_of_order()
    {
        var held = new ConcurrentQueue<FakeDnsServer.Query>();
        await using var server = new FakeDnsServer(async (q, s) =>
        {
            held.Enqueue(q);
            if (held.Count == 4)
            {
                // Newest first, each answer preceded by a decoy: the right id with another query's question.
                foreach (var h in held.Reverse())
                {
                    await s.ReplyAsync(h, new DnsTestMessage(h.Id, h.Name == "a.example" ? "b.example" : "a.example", h.Type).A("6.6.6.6").ToArray());
                    await s.ReplyAsync(h, Answer(h, h.Type == DnsRecordType.A ? $"10.0.0.{h.Name[0] - 'a' + 1}" : "10.0.0.99"));
                }
            }
        });
        await using var client = new DnsStubClient(server.EndPoint, OneSocket());

        var a = client.QueryAsync("a.example", DnsRecordType.A);
        var b = client.QueryAsync("b.example", DnsRecordType.A);
        var c = client.QueryAsync("c.example", DnsRecordType.A);
        var cc = client.QueryAsync("c.example", DnsRecordType.MX); // same name, other type: told apart by id and type

        Assert.Equal(IPAddress.Parse("10.0.0.1"), (await a.WaitAsync(Guard)).Answers[0].Address);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), (await b.WaitAsync(Guard)).Answers[0].Address);
        Assert.Equal(IPAddress.Parse("10.0.0.3"), (await c.WaitAsync(Guard)).Answers[0].Address);
        Assert.Equal(DnsRecordType.MX, (await cc.WaitAsync(Guard)).QuestionType);
        Assert.Single(held.Select(q => ((IPEndPoint)q.From).Port).Distinct());  // all four on one socket
        Assert.Equal(4, held.Select(q => q.Id).Distinct().Count());             // with distinct ids
        Assert.Equal(4, client.IgnoredResponses);                               // the decoys
    }

    [Fact]
    public async Task A_late_answer_to_a_cancelled_query_is_ignored_and_the_socket_serves_the_next_query()
    {
        var held = new ConcurrentQueue<FakeDnsServer.Query>();
        await using var server = new FakeDnsServer((q, s) =>
        {
            held.Enqueue(q);
            return q.Name == "next.example" ? s.ReplyAsync(q, Answer(q, "10.0.0.2")) : Task.CompletedTask;
        });
        var log = new EventSignalingLogger();
        await using var client = new DnsStubClient(server.EndPoint, OneSocket(), (ILogger)log);
        using var cts = new CancellationTokenSource();
        var query = client.QueryAsync("slow.example", DnsRecordType.A, cts.Token);
        await server.WaitForUdpQueriesAsync(1);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query.WaitAsync(Guard));

        Assert.True(held.TryPeek(out var cancelled));
        await server.ReplyAsync(cancelled, Answer(cancelled, "6.6.6.6"));
        await log.WaitForAsync(IgnoredEvent);
        Assert.Equal(1, client.IgnoredResponses);

        var next = await client.QueryAsync("next.example", DnsRecordType.A).WaitAsync(Guard);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), next.Answers[0].Address);
        Assert.Equal(1, client.IgnoredResponses);
        Assert.Single(held.Select(q => ((IPEndPoint)q.From).Port).Distinct());
    }

    [Fact]
    public async Task A_socket_is_retired_after_its_query_limit_and_the_next_query_uses_a_new_source_port()
    {
        var ports = new ConcurrentQueue<int>();
        await using var server = new FakeDnsServer((q, s) =>
        {
            ports.Enqueue(((IPEndPoint)q.From).Port);
            return s.ReplyAsync(q, Answer(q, "10.0.0.1"));
        });
        await using var client = new DnsStubClient(server.EndPoint, OneSocket(queriesPerSocket: 3));
        for (var i = 0; i < 7; i++)
        {
            await client.QueryAsync($"q{i}.example", DnsRecordType.A).WaitAsync(Guard);
        }

        var seen = ports.ToArray();
        Assert.Equal(7, seen.Length);
        Assert.Equal([seen[0], seen[0], seen[0]], seen[0..3]);
        Assert.Equal([seen[3], seen[3], seen[3]], seen[3..6]);
        Assert.Equal(3, seen.Distinct().Count());
        Assert.Equal(1, client.UdpPool.OpenSockets); // the retired ones closed with their last answer, before it was handed over
    }

    [Fact]
    public async Task Concurrent_queries_spread_over_the_pool_and_a_retired_socket_drains_before_closing()
    {
        var held = new ConcurrentQueue<FakeDnsServer.Query>();
        await using var server = new FakeDnsServer((q, _) =>
        {
            held.Enqueue(q);
            return Task.CompletedTask;
        });
        var options = OneSocket(queriesPerSocket: 2);
        options.UdpSockets = 2;
        await using var client = new DnsStubClient(server.EndPoint, options);
        var queries = Enumerable.Range(0, 4).Select(i => client.QueryAsync($"d{i}.example", DnsRecordType.A)).ToArray();
        await server.WaitForUdpQueriesAsync(4);

        // d0 opens socket A; d1 finds A busy and opens B; d2 goes to the less busy A (both have one), which
        // reaches its limit and retires; d3 finds B busy and A's slot free, and opens C.
        var ports = held.OrderBy(q => q.Name).Select(q => ((IPEndPoint)q.From).Port).ToArray();
        Assert.Equal(3, ports.Distinct().Count());
        Assert.Equal(ports[0], ports[2]);
        Assert.Equal(3, client.UdpPool.OpenSockets); // A draining, not closed

        foreach (var q in held)
        {
            await server.ReplyAsync(q, Answer(q, "10.0.0.5"));
        }

        foreach (var q in queries)
        {
            Assert.Equal(IPAddress.Parse("10.0.0.5"), (await q.WaitAsync(Guard)).Answers[0].Address);
        }

        Assert.Equal(2, client.UdpPool.OpenSockets); // A closed with its last answer
    }

    [Fact]
    public async Task Dispose_ends_queries_in_flight_and_waiting_with_ObjectDisposedException()
    {
        await using var server = new FakeDnsServer((_, _) => Task.CompletedTask);
        var options = OneSocket();
        options.MaxConcurrentQueries = 2;
        var client = new DnsStubClient(server.EndPoint, options);
        var queries = Enumerable.Range(0, 4).Select(i => client.QueryAsync($"x{i}.example", DnsRecordType.A)).ToArray();
        await server.WaitForUdpQueriesAsync(2);

        await client.DisposeAsync().AsTask().WaitAsync(Guard);
        foreach (var q in queries)
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(() => q.WaitAsync(Guard));
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.QueryAsync("after.example", DnsRecordType.A).WaitAsync(Guard));
        Assert.Equal(0, client.UdpPool.OpenSockets);
        Assert.All(client.UdpPool.Loops, loop => Assert.True(loop.IsCompleted));
        client.Dispose(); // twice is harmless
    }

    [Fact]
    public async Task Dispose_during_the_tcp_retry_ends_it_with_ObjectDisposedException()
    {
        using var tcpReached = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        await using var server = new FakeDnsServer(
            (q, s) => s.ReplyAsync(q, new DnsTestMessage(q.Id, q.Name, q.Type, flags: 0x8380).ToArray()),
            _ =>
            {
                tcpReached.Release();
                release.Wait(Guard); // hold the connection open, silent, until the test is done
                return null;
            });
        var client = new DnsStubClient(server.EndPoint, OneSocket());
        var query = client.QueryAsync("big.example", DnsRecordType.A);
        Assert.True(await tcpReached.WaitAsync(Guard));
        client.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => query.WaitAsync(Guard));
        release.Set();
    }

    [Fact]
    public async Task An_idle_socket_closes_by_itself_and_the_client_still_works_after()
    {
        await using var server = new FakeDnsServer((q, s) => s.ReplyAsync(q, Answer(q, "10.0.0.1")));
        var time = new FakeTimeProvider();
        var options = OneSocket(time: time);
        options.UdpSocketIdleTimeout = TimeSpan.FromSeconds(5);
        await using var client = new DnsStubClient(server.EndPoint, options);
        await client.QueryAsync("a.example", DnsRecordType.A).WaitAsync(Guard);
        Assert.Equal(1, client.UdpPool.OpenSockets);

        time.Advance(TimeSpan.FromSeconds(4)); // four housekeeping ticks (one a second): not idle long enough yet
        Assert.Equal(1, client.UdpPool.OpenSockets);
        time.Advance(TimeSpan.FromSeconds(1)); // the tick runs inside Advance
        Assert.Equal(0, client.UdpPool.OpenSockets);
        Assert.Single((await client.QueryAsync("b.example", DnsRecordType.A).WaitAsync(Guard)).Answers);
    }

    [Fact]
    public async Task A_refused_datagram_fails_the_attempt_instead_of_waiting_for_the_timeout()
    {
        // A UDP port nobody listens on: loopback answers ICMP port unreachable, which the connected socket reports.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var closed = (IPEndPoint)probe.LocalEndPoint!;
        probe.Dispose();
        var options = OneSocket();
        options.Attempts = 2;
        await using var client = new DnsStubClient(closed, options);
        var ex = await Assert.ThrowsAsync<HostResolutionException>(() => client.QueryAsync("nobody.example", DnsRecordType.A).WaitAsync(Guard));
        Assert.Equal(HostResolutionError.ServerFailure, ex.Error);
    }

    [Fact]
    public async Task An_ipv6_server_is_answered_through_the_connected_socket()
    {
        using var server = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            server.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        }
        catch (SocketException ex)
        {
            Assert.Skip($"no IPv6 loopback here: {ex.SocketErrorCode}");
        }

        var responder = Task.Run(async () =>
        {
            var buffer = new byte[512];
            var r = await server.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.IPv6Any, 0));
            var q = FakeDnsServer.Parse(buffer[..r.ReceivedBytes], r.RemoteEndPoint);
            await server.SendToAsync(Answer(q, "10.0.0.6"), SocketFlags.None, r.RemoteEndPoint);
        });
        await using var client = new DnsStubClient((IPEndPoint)server.LocalEndPoint!, OneSocket());
        var response = await client.QueryAsync("six.example", DnsRecordType.A).WaitAsync(Guard);
        Assert.Equal(IPAddress.Parse("10.0.0.6"), response.Answers[0].Address);
        Assert.Equal(0, client.IgnoredResponses); // the source check accepted the server's own address
        await responder.WaitAsync(Guard);
    }
}
