using System.Net;
using System.Net.Sockets;

namespace NetPrimitives.Hosting.Tests;

// Tiny loopback peers for the tests: one HTTP exchange over a raw socket, an echo line, a UDP datagram.
internal static class Loopback
{
    public static async Task<string> HttpGetAsync(IPEndPoint server, string path)
    {
        using var client = await ConnectAsync(server);
        await SendAsync(client, $"GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        return await ReadToEndAsync(client);
    }

    public static async Task<Socket> ConnectAsync(IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(server, TestContext.Current.CancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static async Task SendAsync(Socket socket, string text) =>
        await socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None, TestContext.Current.CancellationToken);

    public static async Task<string> ReadToEndAsync(Socket socket)
    {
        var buffer = new byte[4096];
        var text = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, TestContext.Current.CancellationToken);
            if (n == 0)
            {
                return text.ToString();
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        throw new InvalidOperationException("The response did not end.");
    }

    public static async Task<string> ReadLineAsync(Socket socket)
    {
        var buffer = new byte[1];
        var text = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, TestContext.Current.CancellationToken);
            if (n == 0 || buffer[0] == '\n')
            {
                return text.ToString().TrimEnd('\r');
            }

            text.Append((char)buffer[0]);
        }

        throw new InvalidOperationException("No line ending.");
    }

    public static async Task<string> UdpRoundTripAsync(IPEndPoint server, string text)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(server);
        await socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None, TestContext.Current.CancellationToken);
        var buffer = new byte[1024];
        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, TestContext.Current.CancellationToken);
        return Encoding.ASCII.GetString(buffer, 0, n);
    }

    // Whether the server closed or reset the connection without sending anything more.
    public static async Task<bool> IsClosedAsync(Socket socket)
    {
        try
        {
            return await socket.ReceiveAsync(new byte[1], SocketFlags.None, TestContext.Current.CancellationToken) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    // Whether a new TCP connection to the endpoint is refused (the listener is closed). A connect that meets the
    // listener while it closes is reset instead: not refused yet, the caller tries again.
    public static async Task<bool> IsRefusedAsync(IPEndPoint server)
    {
        try
        {
            using var socket = await ConnectAsync(server);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
    }
}
