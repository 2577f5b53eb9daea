using System.Net;

namespace NetPrimitives.Ping.Engines;

/// <summary>
/// A pinger a sweep can drive from one thread, fping's way: send, then read whatever answers are ready, on the same
/// thread, with no receive thread, task or timer per probe. On loopback the kernel produces each echo reply inside the
/// sender's own system call; a second thread blocking on the same socket meanwhile roughly doubles a /24's time (a
/// wake-up per reply and contention on the socket; docs/benchmarks.md, Ping).
/// </summary>
internal interface IPollingPinger : IPinger
{
    /// <summary>
    /// Switches this pinger to polling: every answer from now on goes to <paramref name="sink"/>, called on the thread
    /// that calls <see cref="IProbePoller.Poll"/>. <see langword="null"/> where polling is not available (not Linux, or
    /// probes were already sent with <see cref="IPinger.ProbeAsync"/>); then the sweep uses that instead.
    /// </summary>
    IProbePoller? TryStartPolling(Action<PendingProbe, ProbeOutcome> sink);
}

/// <summary>The single-threaded side of an <see cref="IPollingPinger"/>; owned and disposed by the sweep's loop thread.</summary>
internal interface IProbePoller : IDisposable
{
    /// <summary>
    /// Registers and sends one probe to <paramref name="address"/>. Its answer reaches the sink later, unless the send
    /// itself decided it: then <paramref name="immediate"/> is set (no route: unreachable) and nothing more will come.
    /// </summary>
    PendingProbe Send(IPAddress address, out ProbeOutcome? immediate);

    /// <summary>Gives up on <paramref name="probe"/> (its time is up): a late answer is ignored.</summary>
    void Forget(PendingProbe probe);

    /// <summary>
    /// Waits up to <paramref name="wait"/> (zero: not at all) for answers, then reads every one that is ready and hands
    /// each that matches a probe to the sink.
    /// </summary>
    /// <exception cref="IOException">The socket failed; no answers can be received.</exception>
    void Poll(TimeSpan wait);
}
