namespace NetPrimitives.Ping.Icmp;

/// <summary>What a received datagram starts with, which depends on the socket it came from.</summary>
internal enum IcmpFraming
{
    /// <summary>Raw IPv4 ICMP socket: the IPv4 header comes first (Linux raw(7)).</summary>
    Ipv4WithHeader,

    /// <summary>IPv4 ICMP datagram ("ping") socket: the ICMP message alone; the kernel has checked the checksum.</summary>
    Ipv4Datagram,

    /// <summary>ICMPv6 (raw or datagram): the ICMPv6 message alone; the kernel verifies the checksum (RFC 3542 §3.1).</summary>
    Ipv6,
}
