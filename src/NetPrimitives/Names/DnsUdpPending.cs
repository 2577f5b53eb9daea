namespace NetPrimitives.Names;

/// <summary>
/// One UDP query in flight on a pooled socket: its id (unique among the socket's in-flight queries) and the
/// question an answer must echo. The receive loop completes it; continuations run asynchronously so a caller's
/// code never runs on (and stalls) the loop.
/// </summary>
internal sealed class DnsUdpPending(DnsUdpSocket socket, ushort id, string name, DnsRecordType type)
    : TaskCompletionSource<DnsResponse>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public DnsUdpSocket Socket { get; } = socket;

    public ushort Id { get; } = id;

    public string Name { get; } = name;

    public DnsRecordType Type { get; } = type;
}
