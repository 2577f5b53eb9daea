using System.Net;

namespace NetPrimitives.Transport;

/// <summary>
/// Where and how a TCP server listens: endpoint, backlog, connection limit and idle timeout, plus the
/// per-connection buffer limits it inherits from <see cref="TransportOptions"/>. Server option classes
/// (for example <c>EchoServerOptions</c>) derive from it. Invalid values throw when set.
/// </summary>
public class TcpServerOptions : TransportOptions
{
    /// <summary>
    /// The address and port to listen on. Default <c>127.0.0.1:0</c>. Port 0 lets the system pick a free port
    /// (read it back from the server's <c>LocalEndPoint</c>). <see cref="IPAddress.IPv6Any"/> (<c>[::]</c>)
    /// listens dual-mode, on IPv4 and IPv6 at once; <see cref="IPAddress.Any"/> is every IPv4 interface.
    /// </summary>
    public IPEndPoint EndPoint { get; set => field = value ?? throw new ArgumentNullException(nameof(value)); } = new(IPAddress.Loopback, 0);

    /// <summary>Length of the kernel's queue of connections not yet accepted. Default 512; must be at least 1.</summary>
    public int Backlog { get; set => field = Positive(value); } = 512;

    /// <summary>
    /// Connections served at once. A connection beyond it is accepted and immediately reset (the peer sees
    /// "connection reset"), so it is refused promptly instead of waiting in the backlog. Default 10,000; at least 1.
    /// </summary>
    public int MaxConnections { get; set => field = Positive(value); } = 10_000;

    /// <summary>
    /// A connection that neither receives nor sends a byte for this long is aborted (also reaps peers that
    /// stopped reading). Default 5 minutes; <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan IdleTimeout { get; set => field = PositiveOrInfinite(value); } = TimeSpan.FromMinutes(5);
}
