using System.Net;

namespace NetPrimitives.Ping.Engines;

/// <summary>
/// The seam between the sweep (rate, concurrency, retries, results) and the way one probe is sent and answered.
/// Implementations: one shared ICMP socket (raw or datagram), System.Net.NetworkInformation.Ping, TCP connect.
/// </summary>
internal interface IPinger : IAsyncDisposable
{
    /// <summary>The engine this pinger implements.</summary>
    PingEngine Engine { get; }

    /// <summary>How many probes may usefully be in flight at once (the sweep uses the smaller of this and its option).</summary>
    int MaxConcurrency { get; }

    /// <summary>
    /// Sends one probe and waits up to <paramref name="timeout"/> for its answer. A missing answer is
    /// <see cref="ProbeStatus.TimedOut"/>, not an exception; cancellation throws <see cref="OperationCanceledException"/>.
    /// </summary>
    ValueTask<ProbeOutcome> ProbeAsync(IPAddress address, TimeSpan timeout, CancellationToken cancellationToken);
}
