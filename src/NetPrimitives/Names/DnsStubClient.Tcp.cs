using System.Buffers;
using NetPrimitives.Framing;
using NetPrimitives.Transport;

namespace NetPrimitives.Names;

// The TCP exchange after a truncated UDP answer (RFC 7766 §5), on the library's own transport and framer.
public sealed partial class DnsStubClient
{
    // RFC 1035 §4.2.2: each message is prefixed by its length in two bytes, big-endian, so at most 65,535 bytes.
    private static readonly LengthPrefixedFramer TcpFramer = new(new LengthPrefixedFramerOptions
    {
        Prefix = LengthPrefixFormat.UInt16,
        ByteOrder = ByteOrder.BigEndian,
        MaxFrameLength = ushort.MaxValue,
    });

    // The attempt's own timeout (on the client's TimeProvider) covers the connect too.
    private static readonly TcpConnectionOptions TcpOptions = new() { ConnectTimeout = Timeout.InfiniteTimeSpan };

    private async Task<DnsResponse> QueryTcpAsync(ReadOnlyMemory<byte> query, ushort id, string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        _metrics.DnsQueries.Add(1, new KeyValuePair<string, object?>("transport", "tcp"));
        var connection = await TcpConnection.ConnectPlainAsync(Server, TcpOptions, _logger, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await TcpFramer.WriteFrameAsync(connection.Output, query, cancellationToken).ConfigureAwait(false);
            var response = await MessageLoop.ReadOneAsync<DnsResponse, DnsTcpResponseReader>(
                connection.Input, new(TcpFramer, id, name, type), cancellationToken).ConfigureAwait(false);
            return response ?? throw DnsTcpResponseReader.ClosedMidResponse(name, "before responding");
        }
    }
}

// One framed TCP response, decoded and checked against the query. Over TCP nobody blind-spoofs, so a response that
// does not match is the server's error: a typed failure, not a wait for another.
internal readonly struct DnsTcpResponseReader(LengthPrefixedFramer framer, ushort id, string name, DnsRecordType type) : IMessageReader<DnsResponse>
{
    public bool TryRead(ref ReadOnlySequence<byte> buffer, out DnsResponse message)
    {
        if (!framer.TryReadFrame(ref buffer, out var frame))
        {
            message = null!;
            return false;
        }

        // The decoder follows compression pointers anywhere in the message, so it reads one span.
        ReadOnlySpan<byte> bytes = frame.IsSingleSegment ? frame.FirstSpan : frame.ToArray();
        if (!DnsMessageReader.TryReadHeader(bytes, out var responseId, out _) || responseId != id)
        {
            throw new DnsFormatException(name, 0, "TCP response does not carry the query's id");
        }

        var response = DnsMessageReader.Read(bytes, name);
        message = DnsStubClient.IsAnswerTo(response, name, type)
            ? response.With(response.Answers, viaTcp: true, fromCache: false)
            : throw new DnsFormatException(name, DnsMessageReader.HeaderLength, $"TCP response answers another question ({response.QuestionName} {response.QuestionType})");
        return true;
    }

    public Exception Truncated(in ReadOnlySequence<byte> remaining) =>
        ClosedMidResponse(name, $"mid-response ({framer.CreateTruncated(remaining).Message})");

    public static DnsFormatException ClosedMidResponse(string name, string when) =>
        new(name, 0, $"the server closed the TCP connection {when}");
}
