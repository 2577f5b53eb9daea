using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NetPrimitives.DnsLoad;

/// <summary>
/// The most the DNS server answers on this machine, measured without any client library: pre-encoded A queries
/// (RFC 1035 §4.1) from one UDP socket with a fixed window of queries outstanding, each reply counted by its id
/// and immediately replaced by the next query; nothing is parsed. No DNS client, ours or the OS's, can go
/// faster than this against the same server, so it is the ceiling the other rows are read against.
/// </summary>
internal static class RawCeiling
{
    public static async Task<double> RunAsync(IPEndPoint server, string[] names, int window, TimeSpan limit)
    {
        var queries = names.Select((name, i) => Encode((ushort)i, name)).ToArray();
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(server);
        var next = 0;
        var answered = 0;
        var buffer = new byte[512];
        var watch = Stopwatch.StartNew();
        for (; next < Math.Min(window, queries.Length); next++)
        {
            socket.Send(queries[next]);
        }

        while (answered < queries.Length && watch.Elapsed < limit)
        {
            using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                await socket.ReceiveAsync(buffer, SocketFlags.None, quiet.Token);
            }
            catch (OperationCanceledException)
            {
                // Lost datagrams shrank the window: refill it, so a loss costs 0.5 s here as a retry would.
                for (var i = 0; i < window && next < queries.Length; i++, next++)
                {
                    socket.Send(queries[next]);
                }

                if (next >= queries.Length)
                {
                    break;
                }

                continue;
            }

            answered++;
            if (next < queries.Length)
            {
                socket.Send(queries[next++]);
            }
        }

        return answered / watch.Elapsed.TotalSeconds;
    }

    private static byte[] Encode(ushort id, string name)
    {
        var bytes = new List<byte>(12 + name.Length + 6);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        header[2] = 0x01; // RD
        header[5] = 1;    // QDCOUNT = 1
        bytes.AddRange(header.ToArray());
        foreach (var label in name.Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.AddRange([0, 0, 1, 0, 1]); // root, QTYPE A, QCLASS IN
        return [.. bytes];
    }
}
