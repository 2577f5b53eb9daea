using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Testing;

public sealed class PipesAndStreamsTests
{
    [Fact]
    public async Task DuplexPipePair_connects_client_and_server_both_ways()
    {
        var pair = DuplexPipePair.Create();
        await pair.Client.Output.WriteAsync("ping"u8.ToArray());
        await pair.Client.Output.CompleteAsync();

        var request = await pair.Server.Input.ReadAtLeastAsync(4);
        Assert.Equal("ping"u8.ToArray(), request.Buffer.ToArray());
        pair.Server.Input.AdvanceTo(request.Buffer.End);

        await pair.Server.Output.WriteAsync("pong"u8.ToArray());
        var reply = await pair.Client.Input.ReadAtLeastAsync(4);
        Assert.Equal("pong"u8.ToArray(), reply.Buffer.ToArray());

        var end = await pair.Server.Input.ReadAsync();
        Assert.True(end.IsCompleted);
    }

    [Fact]
    public async Task ChunkedStream_returns_at_most_the_chunk_sizes_in_turn()
    {
        var stream = new ChunkedStream(Enumerable.Range(0, 10).Select(i => (byte)i).ToArray(), 1, 3);
        var buffer = new byte[16];
        var sizes = new List<int>();
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            sizes.Add(read);
        }

        Assert.Equal([1, 3, 1, 3, 1, 1], sizes);
        Assert.Equal(7, stream.ReadCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChunkedStream(new byte[1], 0));
        Assert.Throws<NotSupportedException>(() => stream.Write(buffer, 0, 1));
    }
}
