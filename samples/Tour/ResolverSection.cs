using System.Net;
using System.Net.Sockets;
using NetPrimitives.Names;

// HostResolver: localhost through the OS resolver, c7's service table, and the DNS stub client against a tiny
// responder running in this process on 127.0.0.1 (it answers every A question with 127.0.0.1, TTL 60).
internal static class ResolverSection
{
    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        var os = new HostResolver(new HostResolverOptions { Timeout = TimeSpan.FromSeconds(5) });
        var localhost = await os.GetHostByNameAsync("localhost", cancellationToken);
        Console.WriteLine($"   OS resolver: ip[localhost]={localhost}, name[{localhost}]={(await os.GetHostByAddrAsync(localhost, cancellationToken)).HostName}");
        try
        {
            await os.GetHostByNameAsync("bad..name", cancellationToken);
        }
        catch (InvalidHostNameException ex)
        {
            Console.WriteLine($"   refused before lookup: {ex.Message}");
        }

        var services = new[] { "http", "ftp", "imap", "pop3", "smtp" }.Select(s => $"{s}={HostResolver.GetServiceByName(s, "tcp")?.Port}");
        Console.WriteLine($"   services: {string.Join(", ", services)}");

        using var responder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        responder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var serving = ServeAsync(responder, stop.Token);
        try
        {
            var server = (IPEndPoint)responder.LocalEndPoint!;
            await using var client = new DnsStubClient(server, new DnsStubClientOptions { EnableCache = true });
            var response = await client.QueryAsync("tour.example", DnsRecordType.A, cancellationToken);
            Console.WriteLine($"   stub client -> {server}: {response.Answers[0]}");

            var viaDns = new HostResolver(new HostResolverOptions { DnsServer = server });
            await foreach (var r in viaDns.ResolveManyAsync(["a.tour.example", "b.tour.example", ""], AddressFamilyPreference.InterNetwork, cancellationToken))
            {
                Console.WriteLine($"   batch: ip[{r.Query}]={(r.Succeeded ? r.Entry.Addresses[0] : r.Error.Error)}");
            }
        }
        finally
        {
            await stop.CancelAsync();
            await serving;
        }
    }

    // Just enough of RFC 1035 §4.1 to answer: echo the question, set QR/AA/RA, add one A record pointing at it.
    private static async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[512];
        byte[] answer = [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1];
        try
        {
            while (true)
            {
                var r = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancellationToken);
                var length = r.ReceivedBytes;
                var isA = length > 16 && buffer[length - 3] == 1; // QTYPE low byte (QTYPE and QCLASS end the query)
                buffer[2] = 0x85;                                  // QR, AA, RD
                buffer[3] = 0x80;                                  // RA, RCODE 0
                buffer[7] = isA ? (byte)1 : (byte)0;               // ANCOUNT
                if (isA)
                {
                    answer.CopyTo(buffer, length);
                    length += answer.Length;
                }

                await socket.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, r.RemoteEndPoint, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The section is over.
        }
    }
}
