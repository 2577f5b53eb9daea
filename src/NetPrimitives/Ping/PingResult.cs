using System.Net;

namespace NetPrimitives.Ping;

/// <summary>The final result for one target, streamed as soon as it is known.</summary>
public sealed class PingResult
{
    internal PingResult(string target, IPAddress? address, PingStatus status, int attempts)
    {
        Target = target;
        Address = address;
        Status = status;
        Attempts = attempts;
    }

    /// <summary>The target as given: an address, or the host name it was resolved from.</summary>
    public string Target { get; }

    /// <summary>The address probed; <see langword="null"/> only when a host name did not resolve.</summary>
    public IPAddress? Address { get; }

    /// <summary>Alive, timed out, unreachable or not resolved.</summary>
    public PingStatus Status { get; }

    /// <summary>Probes sent to this target (1 + retries used).</summary>
    public int Attempts { get; }

    /// <summary>Round-trip time of the answering probe (Stopwatch resolution, sub-millisecond), when alive.</summary>
    public TimeSpan? RoundTripTime { get; init; }

    /// <summary><see cref="RoundTripTime"/> in milliseconds, with fractions.</summary>
    public double? RoundTripMilliseconds => RoundTripTime?.TotalMilliseconds;

    /// <summary>
    /// The TTL (IPv4) or hop limit (IPv6) of the reply: raw-socket engine (IPv4), datagram-socket engine on 64-bit Linux
    /// (both families), PingClass engine where the platform reports it; otherwise <see langword="null"/>.
    /// </summary>
    public int? Ttl { get; init; }

    /// <summary>For <see cref="PingStatus.Unreachable"/>: the ICMP type (3 or 11 for IPv4; 1 or 3 for ICMPv6).</summary>
    public int? IcmpType { get; init; }

    /// <summary>For <see cref="PingStatus.Unreachable"/>: the ICMP code (e.g. 1 host unreachable).</summary>
    public int? IcmpCode { get; init; }

    /// <summary>For <see cref="PingStatus.Unreachable"/>: the router or host that sent the ICMP error, when known.</summary>
    public IPAddress? ReportedBy { get; init; }

    /// <summary>For <see cref="PingStatus.NameNotResolved"/>: why.</summary>
    public string? Error { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Status switch
    {
        PingStatus.Alive => $"{Target} is alive ({RoundTripMilliseconds:F3} ms)",
        PingStatus.Unreachable => $"{Target} is unreachable (ICMP {IcmpType}/{IcmpCode} from {ReportedBy})",
        PingStatus.NameNotResolved => $"{Target}: {Error}",
        _ => $"{Target} is unreachable (timed out after {Attempts} attempts)",
    };
}
