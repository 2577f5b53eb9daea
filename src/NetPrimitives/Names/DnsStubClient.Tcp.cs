using System.Buffers.Binary;
using System.Net.Sockets;

namespace NetPrimitives.Names;

// The TCP exchange after a truncated UDP answer: each message prefixed by its 2-byte length (RFC 1035 §4.2.2, RFC 7766 §8).
public sealed partial class DnsStubClient
{
    private async Task<DnsResponse> QueryTcpAsync(ReadOnlyMemory<byte> query, ushort id, string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        using var socket = new Socket(Server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        NamesMetrics.DnsQueries.Add(1, new KeyValuePair<string, object?>("transport", "tcp"));
        await socket.ConnectAsync(Server, cancellationToken).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);

        var framed = new byte[2 + query.Length];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
        query.CopyTo(framed.AsMemory(2));
        await stream.WriteAsync(framed, cancellationToken).ConfigureAwait(false);

        var prefix = new byte[2];
        try
        {
            await stream.ReadExactlyAsync(prefix, cancellationToken).ConfigureAwait(false);
            var length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
            var message = new byte[length];
            await stream.ReadExactlyAsync(message, cancellationToken).ConfigureAwait(false);

            // Over TCP nobody blind-spoofs, so a mismatch is the server's error: a typed failure, not a wait.
            if (!DnsMessageReader.TryReadHeader(message, out var responseId, out _) || responseId != id)
            {
                throw new DnsFormatException(name, 0, "TCP response does not carry the query's id");
            }

            var response = DnsMessageReader.Read(message, name);
            return IsAnswerTo(response, name, type)
                ? response.With(response.Answers, viaTcp: true, fromCache: false)
                : throw new DnsFormatException(name, DnsMessageReader.HeaderLength, $"TCP response answers another question ({response.QuestionName} {response.QuestionType})");
        }
        catch (EndOfStreamException ex)
        {
            throw new DnsFormatException(name, 0, $"the server closed the TCP connection mid-response ({ex.Message})");
        }
    }
}
