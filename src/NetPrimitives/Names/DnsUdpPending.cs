namespace NetPrimitives.Names;

/// <summary>
/// One UDP query in flight on a pooled socket: its id (unique among the socket's in-flight queries) and the
/// question an answer must echo. The socket's receive loop completes it. Only <see cref="CompleteInline"/> runs the
/// caller's continuation on the completing thread, and the loop calls it only after handing the socket's receive
/// on to a new loop instance (so a caller's code never stalls the loop); every other completion (cancellation,
/// timeout, dispose, a failed socket) queues the continuation to the thread pool.
/// </summary>
internal sealed class DnsUdpPending(DnsUdpSocket socket, ushort id, string name, DnsRecordType type)
    : TaskCompletionSource<DnsResponse>
{
    public DnsUdpSocket Socket { get; } = socket;

    public ushort Id { get; } = id;

    public string Name { get; } = name;

    public DnsRecordType Type { get; } = type;

    /// <summary>Completes with the answer on this thread: the caller's continuation runs here, now.</summary>
    public void CompleteInline(DnsResponse response) => TrySetResult(response);

    /// <summary>Completes with the answer; the caller's continuation runs on the thread pool.</summary>
    public void Complete(DnsResponse response) =>
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.Pending.TrySetResult(s.Response), (Pending: this, Response: response), preferLocal: false);

    /// <summary>Fails the query; the caller's continuation runs on the thread pool.</summary>
    public void Fail(Exception error) =>
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.Pending.TrySetException(s.Error), (Pending: this, Error: error), preferLocal: false);

    /// <summary>Cancels the query; the caller's continuation runs on the thread pool.</summary>
    public void Cancel(CancellationToken token) =>
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.Pending.TrySetCanceled(s.Token), (Pending: this, Token: token), preferLocal: false);
}
