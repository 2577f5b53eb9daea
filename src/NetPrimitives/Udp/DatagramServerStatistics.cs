namespace NetPrimitives.Udp;

/// <summary>Counters of a <see cref="DatagramServer"/> since it was created (a snapshot; each value is read atomically).</summary>
/// <param name="DatagramsReceived">Datagrams received within <see cref="DatagramServerOptions.MaxDatagramSize"/>, handled or dropped.</param>
/// <param name="BytesReceived">Payload bytes of <paramref name="DatagramsReceived"/>.</param>
/// <param name="DatagramsSent">Replies sent.</param>
/// <param name="BytesSent">Payload bytes of <paramref name="DatagramsSent"/>.</param>
/// <param name="DatagramsDropped">Datagrams received but not handled or not answered: too many handlers in progress, a reply that would not fit, or a batched reply the system refused (<see cref="DatagramServerOptions.MaxBatchSize"/>).</param>
/// <param name="DatagramsTruncated">Datagrams larger than <see cref="DatagramServerOptions.MaxDatagramSize"/>: detected and never handled.</param>
/// <param name="HandlerErrors">Handler invocations that threw (including failed replies).</param>
public readonly record struct DatagramServerStatistics(
    long DatagramsReceived,
    long BytesReceived,
    long DatagramsSent,
    long BytesSent,
    long DatagramsDropped,
    long DatagramsTruncated,
    long HandlerErrors);
