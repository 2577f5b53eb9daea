using System.Net;

namespace NetPrimitives.Ping.Engines;

/// <summary>A probe sent on a shared socket and waiting for its answer, found by sequence number.</summary>
internal sealed class PendingProbe(IPAddress address) : TaskCompletionSource<ProbeOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public IPAddress Address { get; } = address;

    public uint ProbeId { get; set; }

    public long SentAt { get; set; }
}
