using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NetPrimitives.Udp;

namespace NetPrimitives.Tests.Udp;

public sealed class UpperCaseUdpServerTests
{
    private static readonly TimeSpan Wait = UdpTestPeer.Wait;

    private static UdpRequestClientOptions Patient => new() { AttemptTimeout = TimeSpan.FromSeconds(2), MaxAttemptTimeout = TimeSpan.FromSeconds(2), RetryCount = 2 };

    [Fact]
    public async Task Answers_the_classic_client_with_the_datagram_upper_cased()
    {
        await using var server = new UpperCaseUdpServer(new UpperCaseUdpServerOptions());
        await server.StartAsync();
        await using var client = await UdpRequestClient.ConnectAsync(server.LocalEndPoint, Patient);

        var reply = await client.SendAsync("MixedCaseString"u8.ToArray()).AsTask().WaitAsync(Wait);

        Assert.Equal("MIXEDCASESTRING", Encoding.ASCII.GetString(reply));
        Assert.Equal(server.LocalEndPoint, client.RemoteEndPoint);
    }

    [Fact]
    public async Task Ascii_mode_leaves_non_ascii_bytes_and_unicode_mode_upper_cases_them()
    {
        await using var ascii = new UpperCaseUdpServer(new UpperCaseUdpServerOptions());
        await using var unicode = new UpperCaseUdpServer(new UpperCaseUdpServerOptions { Mode = UpperCaseMode.Unicode });
        await ascii.StartAsync();
        await unicode.StartAsync();
        await using var toAscii = await UdpRequestClient.ConnectAsync(ascii.LocalEndPoint, Patient);
        await using var toUnicode = await UdpRequestClient.ConnectAsync(unicode.LocalEndPoint, Patient);
        byte[] request = [.. "crème brûlée "u8, 0xFF, .. " ok"u8];

        var fromAscii = await toAscii.SendAsync(request).AsTask().WaitAsync(Wait);
        var fromUnicode = await toUnicode.SendAsync(request).AsTask().WaitAsync(Wait);

        Assert.Equal([.. "CRèME BRûLéE "u8, 0xFF, .. " OK"u8], fromAscii);
        Assert.Equal([.. "CRÈME BRÛLÉE "u8, 0xFF, .. " OK"u8], fromUnicode);
    }

    [Fact]
    public async Task An_empty_datagram_gets_an_empty_reply()
    {
        await using var server = new UpperCaseUdpServer(new UpperCaseUdpServerOptions());
        await server.StartAsync();
        await using var client = await UdpRequestClient.ConnectAsync(server.LocalEndPoint, Patient);

        Assert.Empty(await client.SendAsync(ReadOnlyMemory<byte>.Empty).AsTask().WaitAsync(Wait));
    }

    [Fact]
    public async Task A_datagram_of_the_maximum_size_is_answered_and_one_byte_more_is_not()
    {
        await using var server = new UpperCaseUdpServer(new UpperCaseUdpServerOptions { MaxDatagramSize = 1000, ReceiveLoops = 1 });
        await server.StartAsync();
        using var peer = new UdpTestPeer();

        await peer.SendAsync(Enumerable.Repeat((byte)'q', 1001).ToArray(), server.LocalEndPoint);
        await peer.SendAsync(Enumerable.Repeat((byte)'q', 1000).ToArray(), server.LocalEndPoint);

        // One loop serves them in order: a reply to the larger one would have come first.
        var (reply, _) = await peer.ReceiveAsync();
        Assert.Equal(Enumerable.Repeat((byte)'Q', 1000), reply);
        await server.StopAsync().WaitAsync(Wait);
        Assert.Equal(1, server.GetStatistics().DatagramsTruncated);
        Assert.Equal(0, peer.Socket.Available);
    }

    [Fact]
    public async Task A_unicode_reply_that_would_outgrow_the_maximum_is_not_sent()
    {
        var logger = new TestLogger<UpperCaseUdpServer>();
        await using var server = new UpperCaseUdpServer(new UpperCaseUdpServerOptions { Mode = UpperCaseMode.Unicode, MaxDatagramSize = 10, ReceiveLoops = 1 }, logger);
        await server.StartAsync();
        using var peer = new UdpTestPeer();

        await peer.SendAsync(Encoding.UTF8.GetBytes("ɐɐɐɐɐ"), server.LocalEndPoint); // 10 bytes in, 15 out
        await peer.SendAsync(Encoding.UTF8.GetBytes("ɐɐɐ"), server.LocalEndPoint); // 6 bytes in, 9 out

        var (reply, _) = await peer.ReceiveAsync();
        Assert.Equal("ⱯⱯⱯ", Encoding.UTF8.GetString(reply));
        // One loop serves them in order: the first was refused before the second was answered.
        await server.StopAsync().WaitAsync(Wait);
        Assert.Equal(1, server.GetStatistics().DatagramsDropped);
        Assert.Contains(logger.Entries, e => e.EventId == 321 && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Many_concurrent_clients_each_get_their_own_reply()
    {
        await using var server = new UpperCaseUdpServer(new UpperCaseUdpServerOptions { ReceiveLoops = 2 });
        await server.StartAsync();

        var clients = Enumerable.Range(0, 40).Select(async c =>
        {
            await using var client = await UdpRequestClient.ConnectAsync(server.LocalEndPoint, Patient);
            for (var i = 0; i < 25; i++)
            {
                var text = $"client {c} request {i} abcxyz";
                var reply = await client.SendAsync(Encoding.ASCII.GetBytes(text));
                Assert.Equal(text.ToUpperInvariant(), Encoding.ASCII.GetString(reply));
            }
        });
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(60));

        await server.StopAsync().WaitAsync(Wait); // returns once every reply sent is counted
        Assert.True(server.GetStatistics().DatagramsSent >= 1000);
    }

    [Fact]
    public async Task Logs_each_request_like_the_classic_server_when_asked()
    {
        var logger = new TestLogger<UpperCaseUdpServer>();
        await using var server = new UpperCaseUdpServer(new UpperCaseUdpServerOptions { LogRequests = true }, logger);
        await server.StartAsync();
        await using var client = await UdpRequestClient.ConnectAsync(server.LocalEndPoint, Patient);

        await client.SendAsync("hi"u8.ToArray()).AsTask().WaitAsync(Wait);

        Assert.Contains(logger.Entries, e => e.EventId == 320 && e.Message.Contains($"Connection from {client.LocalEndPoint}", StringComparison.Ordinal));
    }

    [Fact]
    public void An_undefined_mode_fails_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UpperCaseUdpServer(new UpperCaseUdpServerOptions { Mode = (UpperCaseMode)7 }));
    }

    [Fact]
    public void The_upper_case_server_batches_eight_datagrams_by_default_and_the_general_server_none()
    {
        // Batching changes how a failed reply surfaces (counted, not thrown), so only the upper-case server, whose
        // handler never looks at reply errors, turns it on by default.
        Assert.Equal(8, new UpperCaseUdpServerOptions().MaxBatchSize);
        Assert.Equal(1, new DatagramServerOptions().MaxBatchSize);
    }
}

/// <summary>Allocation measurement needs the whole process to itself: no other test may run beside it.</summary>
[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

[Collection(nameof(AllocationCollection))]
public sealed class UpperCaseUdpServerAllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)] // the recvmmsg/sendmmsg loop on Linux
    public async Task Steady_state_allocates_almost_nothing_per_datagram(int maxBatchSize)
    {
        await using var server = new UpperCaseUdpServer(new UpperCaseUdpServerOptions { ReceiveLoops = 1, MaxBatchSize = maxBatchSize });
        await server.StartAsync();
        // A synchronous client with a reused SocketAddress allocates nothing itself.
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        // No ReceiveTimeout: on Linux a timed synchronous receive goes through the async machinery and allocates.
        // The watchdog below closes the socket instead if the server never answers.
        var target = server.LocalEndPoint.Serialize();
        var from = new SocketAddress(AddressFamily.InterNetwork);
        var request = new byte[32];
        var reply = new byte[64];
        "abcdefghijklmnopqrstuvwxyz012345"u8.CopyTo(request);

        void RoundTrips(int count)
        {
            for (var i = 0; i < count; i++)
            {
                client.SendTo(request, SocketFlags.None, target);
                // Not Assert.Equal here: the assertion itself allocates.
                if (client.ReceiveFrom(reply, SocketFlags.None, from) != 32)
                {
                    throw new InvalidOperationException("unexpected reply length");
                }
            }
        }

        const int Measured = 10_000;
        var measurement = Task.Factory.StartNew(() =>
        {
            RoundTrips(2_000); // warm-up: contexts, JIT tiers
            // The counter is process-wide: work left over from earlier tests can add to one round. A real
            // per-datagram allocation shows in every round, so the least of three is the server's own figure.
            var best = double.MaxValue;
            for (var round = 0; round < 3; round++)
            {
                var before = GC.GetTotalAllocatedBytes(precise: true);
                RoundTrips(Measured);
                best = Math.Min(best, (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / Measured);
            }

            return best;
        }, TaskCreationOptions.LongRunning);
        double perDatagram;
        try
        {
            perDatagram = await measurement.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            client.Dispose(); // unblocks a receive that would otherwise wait forever
        }

        Assert.Equal("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", Encoding.ASCII.GetString(reply, 0, 32));
        // Any per-datagram object (an EndPoint, a result, a boxed task) is 24+ bytes; the bound leaves room for
        // unrelated runtime background allocations over the run.
        Assert.True(perDatagram < 8, $"{perDatagram:F2} bytes allocated per datagram");
    }
}
