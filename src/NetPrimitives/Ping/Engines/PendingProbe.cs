using System.Net;

namespace NetPrimitives.Ping.Engines;

/// <summary>A probe sent on a shared socket and waiting for its answer, found by sequence number.</summary>
/// <remarks>
/// Continuations run on the thread pool, not on the receive thread. Run inline (tried), the receive thread itself
/// JIT-compiles the whole result path on a process's first answer, and the replies queued behind it get that time
/// added to their round trip (16 ms on loopback in one run); on a warm sweep it showed no measurable gain.
/// </remarks>
internal sealed class PendingProbe(IPAddress address) : TaskCompletionSource<ProbeOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public IPAddress Address { get; } = address;

    public uint ProbeId { get; set; }

    public long SentAt { get; set; }

    /// <summary>The target as the sweep reports it (set by a polling sweep, which keeps no other record of the probe).</summary>
    public string? Target { get; set; }

    /// <summary>Which attempt at the target this probe is, from 1 (set by a polling sweep).</summary>
    public int Attempt { get; set; }
}
