using System.Net;

/// <summary>
/// A load generator of the udp mode: N senders, each with its own connected socket and one request outstanding.
/// The same generator, with the same settings, drives both servers of a run.
/// </summary>
internal interface IUdpLoadClient : IDisposable
{
    /// <summary>Whether its senders run on threads named <see cref="ThreadCpu.SenderThreadName"/> (so their CPU time can be told apart).</summary>
    bool NamedThreads { get; }

    /// <summary>Replies received and requests counted as lost so far (any thread may ask).</summary>
    (long Replies, long Losses) Counts();

    /// <summary>Sends until <paramref name="running"/> says stop or <paramref name="takeBudget"/> refuses; the task ends when every sender has stopped.</summary>
    Task RunAsync(Func<bool> running, Func<bool> takeBudget);
}

/// <summary>Creates the generator chosen with --client.</summary>
internal static class UdpLoadClient
{
    public static IUdpLoadClient Create(IPEndPoint server, int senders, UdpLoadOptions options) => options.Client switch
    {
        "epoll" => new UdpEpollClient(server, senders, options.Size, options.ClientThreads),
        _ => new UdpSenderPool(server, senders, options.Size, onThreads: options.Client == "threads"),
    };
}

/// <summary>The first two generators: one <see cref="UdpLoadSender"/> per sender, each on a thread of its own or as an async task.</summary>
internal sealed class UdpSenderPool(IPEndPoint server, int count, int size, bool onThreads) : IUdpLoadClient
{
    private readonly UdpLoadSender[] _senders = Enumerable.Range(0, count).Select(_ => new UdpLoadSender(server, size)).ToArray();

    public bool NamedThreads => onThreads;

    public (long Replies, long Losses) Counts() =>
        (_senders.Sum(s => Interlocked.Read(ref s.Replies)), _senders.Sum(s => Interlocked.Read(ref s.Losses)));

    public Task RunAsync(Func<bool> running, Func<bool> takeBudget) =>
        Task.WhenAll(_senders.Select(s => onThreads
            ? ThreadCpu.RunSenderThread(() => s.Run(running, takeBudget))
            : Task.Run(() => s.RunAsync(running, takeBudget))));

    public void Dispose()
    {
        foreach (var sender in _senders)
        {
            sender.Dispose();
        }
    }
}
