namespace NetPrimitives.Ping;

/// <summary>How a sweep sends its probes.</summary>
public enum PingEngine
{
    /// <summary>
    /// The best that can run: <see cref="RawSocket"/>, then <see cref="DatagramSocket"/>, then <see cref="PingClass"/> where a ping
    /// of loopback through it is answered (probed once per process), then <see cref="TcpConnect"/>.
    /// </summary>
    Auto,

    /// <summary>One raw ICMP socket per address family for the whole sweep (Linux: root or CAP_NET_RAW). Gives TTLs for IPv4.</summary>
    RawSocket,

    /// <summary>
    /// One unprivileged ICMP datagram ("ping") socket per family, where net.ipv4.ping_group_range includes the process's group.
    /// On 64-bit Linux it reports TTLs / hop limits and ICMP errors (from the socket's error queue) like <see cref="RawSocket"/>.
    /// </summary>
    DatagramSocket,

    /// <summary>
    /// <see cref="System.Net.NetworkInformation.Ping"/>, one request at a time per target, with bounded concurrency. RTTs in whole milliseconds.
    /// On Linux, where the process may open no ICMP socket, it runs the ping utility, which must be installed.
    /// </summary>
    PingClass,

    /// <summary>TCP connect to <see cref="PingSweeperOptions.TcpPorts"/>: alive when a port connects or refuses (RST). For networks that drop ICMP.</summary>
    TcpConnect,
}
