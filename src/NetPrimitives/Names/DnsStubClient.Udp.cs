namespace NetPrimitives.Names;

// One UDP attempt on a pooled socket: register the query (fresh random id), send it, await the receive loop's answer.
public sealed partial class DnsStubClient
{
    private async Task<DnsResponse> QueryUdpAsync(byte[] query, string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = _udp.Register(name, type);
        try
        {
            var length = DnsMessageWriter.WriteQuery(query, pending.Id, name, type, _options.RecursionDesired);

            // Timeout, the caller's cancellation and Dispose all arrive through this token: the query leaves the
            // socket's table in the finally below, so an answer arriving later is ignored (and counted).
            using var registration = cancellationToken.UnsafeRegister(
                static (state, token) => ((DnsUdpPending)state!).Cancel(token), pending);
            _metrics.DnsQueries.Add(1, new KeyValuePair<string, object?>("transport", "udp"));
            await pending.Socket.SendAsync(query.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            return await pending.Task.ConfigureAwait(false);
        }
        finally
        {
            pending.Socket.Remove(pending);
        }
    }
}
