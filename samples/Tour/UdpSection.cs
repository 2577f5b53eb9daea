using System.Net;
using System.Net.Sockets;
using System.Text;
using NetPrimitives.Udp;

/// <summary>
/// UpperCaseUdpServer and UdpRequestClient on loopback: the classic "MixedCaseString" exchange, Unicode mode,
/// and the two ways a UDP client used to hang (nobody listening, a server that never answers) as typed errors.
/// </summary>
internal static class UdpSection
{
    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var server = new UpperCaseUdpServer(new UpperCaseUdpServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        await server.StartAsync(cancellationToken);
        Console.WriteLine($"   UpperCaseUdpServer on {server.LocalEndPoint}");

        await using (var client = await UdpRequestClient.ConnectAsync(server.LocalEndPoint, cancellationToken: cancellationToken))
        {
            var reply = await client.SendAsync("MixedCaseString"u8.ToArray(), cancellationToken);
            Console.WriteLine($"   sent MixedCaseString, received {Encoding.ASCII.GetString(reply)} from {client.RemoteEndPoint}");
        }

        await using (var unicode = new UpperCaseUdpServer(new UpperCaseUdpServerOptions { Mode = UpperCaseMode.Unicode }))
        {
            await unicode.StartAsync(cancellationToken);
            await using var client = await UdpRequestClient.ConnectAsync(unicode.LocalEndPoint, cancellationToken: cancellationToken);
            var reply = await client.SendAsync(Encoding.UTF8.GetBytes("crème brûlée"), cancellationToken);
            Console.WriteLine($"   Unicode mode: crème brûlée -> {Encoding.UTF8.GetString(reply)}");
        }

        var quick = new UdpRequestClientOptions { AttemptTimeout = TimeSpan.FromMilliseconds(50), RetryCount = 2 };

        // A port nobody listens on: the ICMP port unreachable becomes a typed error at once.
        IPEndPoint closed;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            closed = (IPEndPoint)probe.LocalEndPoint!;
        }

        await using (var client = await UdpRequestClient.ConnectAsync(closed, quick, cancellationToken: cancellationToken))
        {
            try
            {
                await client.SendAsync("hello?"u8.ToArray(), cancellationToken);
            }
            catch (UdpRequestException ex) // UdpNobodyListeningException where the OS reports ICMP (Linux, Windows)
            {
                Console.WriteLine($"   closed port: {ex.GetType().Name}: {ex.Message}");
            }
        }

        // A socket that receives but never answers: retries with backoff, then a typed timeout.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using (var client = await UdpRequestClient.ConnectAsync(silent.LocalEndPoint!, quick, cancellationToken: cancellationToken))
        {
            try
            {
                await client.SendAsync("hello?"u8.ToArray(), cancellationToken);
            }
            catch (UdpRequestTimeoutException ex)
            {
                Console.WriteLine($"   silent server: {ex.GetType().Name} after {ex.Attempts} attempts, {ex.TotalWait.TotalMilliseconds:0} ms");
            }
        }

        Console.WriteLine($"   server counters: {server.GetStatistics()}");
    }
}
