using System.Net;

namespace NetPrimitives.Sockets.Linux;

/// <summary>Where a queued socket error came from: linux/errqueue.h <c>SO_EE_ORIGIN_*</c>.</summary>
internal enum ErrorOrigin : byte
{
    None = 0,
    Local = 1,
    Icmp = 2,
    Icmp6 = 3,
}

/// <summary>
/// One entry of a socket's error queue (ip(7) / ipv6(7) IP_RECVERR): linux/errqueue.h <c>struct sock_extended_err</c>
/// and the address <c>SO_EE_OFFENDER</c> points at (the router or host that sent the ICMP error), when the kernel knows it.
/// </summary>
internal readonly record struct ExtendedSocketError(int Errno, ErrorOrigin Origin, byte Type, byte Code, IPAddress? Offender);
