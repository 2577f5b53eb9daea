using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace NetPrimitives.Names;

// One UDP attempt: send, then read datagrams until one is the answer to this query.
public sealed partial class DnsStubClient
{
    // We send no EDNS OPT record, so a conforming server answers in at most 512 bytes over UDP (RFC 1035 §4.2.1)
    // and sets TC otherwise. Larger datagrams are cut to this size; a cut message without TC decodes as malformed.
    private const int MaxUdpMessage = 4096;

    private async Task<DnsResponse> QueryUdpAsync(ReadOnlyMemory<byte> query, ushort id, string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        // A fresh socket per attempt: a random ephemeral source port (RFC 5452 §9.2) and no stale answers.
        using var socket = new Socket(Server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var any = Server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        socket.Bind(new IPEndPoint(any, 0));
        NamesMetrics.DnsQueries.Add(1, new KeyValuePair<string, object?>("transport", "udp"));
        await socket.SendToAsync(query, SocketFlags.None, Server, cancellationToken).ConfigureAwait(false);

        var buffer = ArrayPool<byte>.Shared.Rent(MaxUdpMessage);
        try
        {
            var from = new IPEndPoint(any, 0);
            while (true)
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, cancellationToken).ConfigureAwait(false);
                var source = (IPEndPoint)received.RemoteEndPoint;
                var message = buffer.AsSpan(0, received.ReceivedBytes);
                if (!source.Equals(Server))
                {
                    Ignore(source, "not from the server's address and port");
                    continue;
                }

                if (!DnsMessageReader.TryReadHeader(message, out var responseId, out var flags) || responseId != id || (flags & 0x8000) == 0)
                {
                    Ignore(source, "short, another id, or not a response");
                    continue;
                }

                var response = DnsMessageReader.Read(message, name);
                if (!IsAnswerTo(response, name, type))
                {
                    Ignore(source, $"answers another question ({response.QuestionName} {response.QuestionType})");
                    continue;
                }

                return response;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
