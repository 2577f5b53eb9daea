using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using NetPrimitives.Framing;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.IntegrationTests.Framing;

/// <summary>
/// Our framer against a Python peer that frames with struct.pack('!I', n) as blocks.py does
/// (Peers/blocks_peer.py), over loopback TCP in both directions.
/// </summary>
public sealed class BlocksInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly string PeerScript = Path.Combine(AppContext.BaseDirectory, "Peers", "blocks_peer.py");

    // The payloads blocks_peer.py sends and expects (see payloads() there).
    private static byte[][] Payloads() =>
    [
        "Beautiful is better than ugly."u8.ToArray(),
        "Explicit is better than implicit."u8.ToArray(),
        "Simple is better than complex."u8.ToArray(),
        Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(),
        Enumerable.Range(0, 70000).Select(i => (byte)(i % 251)).ToArray(),
        [0],
    ];

    [Fact]
    public async Task Our_client_sends_to_and_reads_echoes_from_a_python_server_over_a_stream()
    {
        var python = Peers.Require("python3", "the Blocks interop test talks to a struct.pack('!I', n) peer");
        await using var peer = ChildProcess.Start(python, PeerScript, "echo-server");
        var port = int.Parse((await peer.WaitForLineAsync("PORT ")).Split(' ')[1]);
        var framer = new LengthPrefixedFramer();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).WaitAsync(Timeout);
        await using var stream = new NetworkStream(socket, ownsSocket: false);

        // Read the echoes while still sending, so neither side's socket buffer can fill up and stall.
        var echoes = Task.Run(async () =>
        {
            var received = new List<byte[]>();
            while (await framer.ReadFrameAsync(stream) is { Length: > 0 } frame)
            {
                received.Add(frame);
            }

            return received;
        });
        foreach (var payload in Payloads())
        {
            await framer.WriteFrameAsync(stream, payload);
        }

        await framer.WriteFrameAsync(stream, ReadOnlyMemory<byte>.Empty);

        Assert.Equal(Payloads(), await echoes.WaitAsync(Timeout));
        Assert.Equal(0, await peer.WaitForExitAsync());
        var expected = Payloads().Select(p => $"BLOCK {p.Length} {Convert.ToHexStringLower(SHA256.HashData(p))}").Append("DONE 6");
        Assert.Equal(expected, peer.Output.Skip(1));
    }

    [Fact]
    public async Task Python_client_sends_to_and_reads_echoes_from_our_server_over_pipes()
    {
        var python = Peers.Require("python3", "the Blocks interop test talks to a struct.pack('!I', n) peer");
        var framer = new LengthPrefixedFramer();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        await using var peer = ChildProcess.Start(python, PeerScript, "echo-client", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var connection = await listener.AcceptAsync().WaitAsync(Timeout);
        await using var stream = new NetworkStream(connection, ownsSocket: false);
        var input = PipeReader.Create(stream);
        var output = PipeWriter.Create(stream);
        var received = new List<byte[]>();

        // Echo every block back with the pipe API until the empty block, then answer it with an empty block.
        while (await framer.ReadFrameAsync(input).AsTask().WaitAsync(Timeout) is { } block)
        {
            await framer.WriteFrameAsync(output, block);
            if (block.Length == 0)
            {
                break;
            }

            received.Add(block);
        }

        Assert.Equal(Payloads(), received);
        Assert.Equal(0, await peer.WaitForExitAsync());
        Assert.Equal(["OK 6"], peer.Output);
        await input.CompleteAsync();
        await output.CompleteAsync();
    }
}
