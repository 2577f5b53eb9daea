using System.Net.Sockets;
using NetPrimitives.Tcp;
using NetPrimitives.Transport;

namespace NetPrimitives.Tests.Transport;

/// <summary><see cref="TransportOptions.BufferSegmentSize"/>: validated, applied to every receive, and byte-exact at any size.</summary>
public sealed class BufferSegmentSizeTests
{
    [Fact]
    public void Defaults_to_64_KiB_and_accepts_4_KiB_to_1_MiB()
    {
        var options = new TransportOptions();
        Assert.Equal(64 * 1024, options.BufferSegmentSize);

        options.BufferSegmentSize = 4096;
        Assert.Equal(4096, options.BufferSegmentSize);
        options.BufferSegmentSize = 1024 * 1024;
        Assert.Equal(1024 * 1024, options.BufferSegmentSize);

        Assert.Throws<ArgumentOutOfRangeException>(() => options.BufferSegmentSize = 4095);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.BufferSegmentSize = 1024 * 1024 + 1);
        Assert.Equal(1024 * 1024, options.BufferSegmentSize);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(64 * 1024)]
    [InlineData(1024 * 1024)]
    public async Task A_4_MiB_raw_echo_comes_back_byte_exact_then_the_half_close_is_answered_with_a_FIN(int segmentSize)
    {
        const int Total = 4 * 1024 * 1024;
        await using var server = new EchoServer(new EchoServerOptions { BufferSegmentSize = segmentSize });
        var largestReceive = 0;
        server.MessageReceived += (_, e) =>
        {
            // In raw mode each receive is one message: no receive may exceed one segment.
            var length = (int)e.Message.Length;
            int seen;
            while (length > (seen = Volatile.Read(ref largestReceive)) && Interlocked.CompareExchange(ref largestReceive, length, seen) != seen)
            {
            }
        };
        await server.StartAsync().WaitAsync(PipeRead.Timeout);

        var payload = new byte[Total];
        new Random(segmentSize).NextBytes(payload);
        using var client = new Socket(server.LocalEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(server.LocalEndPoint).WaitAsync(PipeRead.Timeout);

        // Send everything, then half-close: the server must echo the rest and answer with its own FIN.
        var sending = Task.Run(async () =>
        {
            for (var offset = 0; offset < Total; offset += 100_000)
            {
                await client.SendAsync(payload.AsMemory(offset, Math.Min(100_000, Total - offset)), SocketFlags.None);
            }

            client.Shutdown(SocketShutdown.Send);
        });

        var echoed = new byte[Total + 1];
        var received = 0;
        while (true)
        {
            var n = await client.ReceiveAsync(echoed.AsMemory(received), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (n == 0)
            {
                break; // the server's FIN
            }

            received += n;
            Assert.True(received <= Total, "the server sent more than it received");
        }

        await sending.WaitAsync(PipeRead.Timeout);
        Assert.Equal(Total, received);
        Assert.True(payload.AsSpan().SequenceEqual(echoed.AsSpan(0, Total)), "the echo differs from what was sent");
        Assert.InRange(Volatile.Read(ref largestReceive), 1, segmentSize);
        await PipeRead.UntilAsync(server.Listener, () => server.ActiveSessions == 0, "the session ended after the half-close");
    }
}
