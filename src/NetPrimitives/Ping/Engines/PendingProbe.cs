using System.Net;

namespace NetPrimitives.Ping.Engines;

/// <summary>A probe sent on a shared socket and waiting for its answer, found by sequence number.</summary>
/// <remarks>
/// Completed by the receive thread, which then runs the waiting probe's continuation itself (recording the result and
/// handing it to the sweep's channel, a few microseconds) instead of queueing it to the thread pool: a hop per
/// answer cost more than the answer on a fast network. The channel and the concurrency gate queue their own waiters,
/// so no caller code runs on the receive thread.
/// </remarks>
internal sealed class PendingProbe(IPAddress address) : TaskCompletionSource<ProbeOutcome>(TaskCreationOptions.None)
{
    public IPAddress Address { get; } = address;

    public uint ProbeId { get; set; }

    public long SentAt { get; set; }
}
