using System.Net.Sockets;
using NetPrimitives.Ping.Engines;

namespace NetPrimitives.Tests.Ping;

/// <summary>
/// A raw ICMP socket asks the kernel to drop every type the parser ignores (raw(7) ICMP_FILTER, RFC 3542 ICMP6_FILTER):
/// on loopback a raw socket would otherwise also receive each of our own echo requests.
/// </summary>
public sealed class RawSocketFilterTests
{
    private static IcmpSocket OpenOrSkip(AddressFamily family)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("ICMP_FILTER is Linux's");
        }

        try
        {
            return IcmpSocket.Open(raw: true, family);
        }
        catch (SocketException ex)
        {
            Assert.Skip($"no raw {family} ICMP socket for this process: {ex.SocketErrorCode}");
            throw; // unreachable
        }
    }

    [Fact]
    public void Raw_IPv4_socket_passes_only_echo_reply_unreachable_and_time_exceeded()
    {
        var channel = OpenOrSkip(AddressFamily.InterNetwork);
        using var socket = channel.Socket;
        var filter = new byte[4];
        Assert.Equal(4, socket.GetRawSocketOption(255, 1, filter));

        // A set bit drops that type: all but 0 (echo reply), 3 (unreachable) and 11 (time exceeded).
        Assert.Equal(~((1u << 0) | (1u << 3) | (1u << 11)), BitConverter.ToUInt32(filter));
    }

    [Fact]
    public void Raw_IPv6_socket_passes_only_echo_reply_unreachable_and_time_exceeded()
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Skip("IPv6 is not supported on this machine");
        }

        var channel = OpenOrSkip(AddressFamily.InterNetworkV6);
        using var socket = channel.Socket;
        var filter = new byte[32];
        Assert.Equal(32, socket.GetRawSocketOption(58, 1, filter));
        for (var type = 0; type < 256; type++)
        {
            var blocked = (BitConverter.ToUInt32(filter, type / 32 * 4) & (1u << (type % 32))) != 0;
            Assert.True(blocked == type is not (1 or 3 or 129), $"ICMPv6 type {type} is {(blocked ? "blocked" : "passed")}");
        }
    }
}
