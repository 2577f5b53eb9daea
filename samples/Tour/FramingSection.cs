using System.Net;
using System.Net.Sockets;
using System.Text;
using NetPrimitives.Framing;

/// <summary>The Tour's framing section: frames over a real loopback socket, and an oversized frame refused.</summary>
internal static class FramingSection
{
    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        // blocks.py's format: a 4-byte big-endian length, then the payload; at most 1 MiB per frame.
        var framer = new LengthPrefixedFramer();

        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        Console.WriteLine($"   server listening on {listener.LocalEndPoint}");

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!, cancellationToken);
        using var accepted = await listener.AcceptAsync(cancellationToken);
        await using var clientStream = new NetworkStream(client, ownsSocket: false);
        await using var serverStream = new NetworkStream(accepted, ownsSocket: false);

        foreach (var text in new[] { "Beautiful is better than ugly.", "", "Simple is better than complex." })
        {
            await framer.WriteFrameAsync(clientStream, Encoding.UTF8.GetBytes(text), cancellationToken);
            var frame = await framer.ReadFrameAsync(serverStream, cancellationToken);
            Console.WriteLine($"   client sent {text.Length,2} bytes, server read {frame!.Length,2} bytes: \"{Encoding.UTF8.GetString(frame)}\"");
        }

        // A hostile peer announces 2 MiB: the server refuses from the 4-byte prefix alone, allocating nothing.
        await clientStream.WriteAsync(new byte[] { 0x00, 0x20, 0x00, 0x00 }, cancellationToken);
        try
        {
            await framer.ReadFrameAsync(serverStream, cancellationToken);
            throw new InvalidOperationException("the oversized frame was accepted");
        }
        catch (FrameTooLargeException ex)
        {
            Console.WriteLine($"   client announced {ex.Length:N0} bytes, server refused it (limit {ex.MaxLength:N0}): {ex.GetType().Name}");
        }
    }
}
