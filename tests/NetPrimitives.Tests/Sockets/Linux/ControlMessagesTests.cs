using System.Net;
using System.Runtime.InteropServices;
using NetPrimitives.Sockets.Linux;

namespace NetPrimitives.Tests.Sockets.Linux;

/// <summary>
/// The recvmsg control-message and sockaddr readers of the native layer, on byte arrays laid out as 64-bit
/// Linux lays them out (host byte order): good input is read, every short or malformed one is ignored.
/// </summary>
public sealed class ControlMessagesTests
{
    private const int SolIp = 0, SolIpv6 = 41, IpTtl = 2, IpRecvErr = 11, Ipv6RecvErr = 25, Ipv6HopLimit = 52;

    /// <summary>struct cmsghdr (size_t len, int level, int type) + data, padded to 8 bytes like CMSG_SPACE.</summary>
    internal static byte[] Cmsg(int level, int type, byte[] data, bool pad = true)
    {
        var length = 16 + data.Length;
        var message = new byte[pad ? (length + 7) & ~7 : length];
        MemoryMarshal.Write(message, (ulong)length);
        MemoryMarshal.Write(message.AsSpan(8), level);
        MemoryMarshal.Write(message.AsSpan(12), type);
        data.CopyTo(message, 16);
        return message;
    }

    internal static byte[] Int(int value) => BitConverter.GetBytes(value);

    internal static byte[] SockAddrIn(string address)
    {
        var sockaddr = new byte[16];
        MemoryMarshal.Write(sockaddr, (ushort)2); // AF_INET
        IPAddress.Parse(address).GetAddressBytes().CopyTo(sockaddr, 4);
        return sockaddr;
    }

    internal static byte[] SockAddrIn6(string address, uint scope = 0)
    {
        var sockaddr = new byte[28];
        MemoryMarshal.Write(sockaddr, (ushort)10); // AF_INET6
        IPAddress.Parse(address).GetAddressBytes().CopyTo(sockaddr, 8);
        MemoryMarshal.Write(sockaddr.AsSpan(24), scope);
        return sockaddr;
    }

    /// <summary>struct sock_extended_err (errno, origin, type, code, pad, info, data) followed by the offender.</summary>
    internal static byte[] ExtendedError(int errno, byte origin, byte type, byte code, byte[] offender)
    {
        var data = new byte[16 + offender.Length];
        MemoryMarshal.Write(data, errno);
        data[4] = origin;
        data[5] = type;
        data[6] = code;
        offender.CopyTo(data, 16);
        return data;
    }

    [Fact]
    public void The_ttl_and_the_hop_limit_are_read_from_their_control_messages()
    {
        Assert.Equal(64, ControlMessages.ReadHopLimit(Cmsg(SolIp, IpTtl, Int(64)), ipv6: false));
        Assert.Equal(255, ControlMessages.ReadHopLimit(Cmsg(SolIpv6, Ipv6HopLimit, Int(255)), ipv6: true));
        Assert.Equal(0, ControlMessages.ReadHopLimit(Cmsg(SolIp, IpTtl, Int(0)), ipv6: false));

        // After another control message (IP_TOS, 1 byte padded to 8): found at CMSG_ALIGN(len) of the first one.
        byte[] both = [.. Cmsg(SolIp, 1, [0x10]), .. Cmsg(SolIp, IpTtl, Int(63))];
        Assert.Equal(63, ControlMessages.ReadHopLimit(both, ipv6: false));

        // The kernel may leave the last message unpadded.
        Assert.Equal(62, ControlMessages.ReadHopLimit(Cmsg(SolIp, IpTtl, Int(62), pad: false), ipv6: false));
    }

    public static TheoryData<string, byte[], bool> NoHopLimit => new()
    {
        { "empty", [], false },
        { "header cut short", Cmsg(SolIp, IpTtl, Int(64))[..12], false },
        { "data cut short", Cmsg(SolIp, IpTtl, [64, 0]), false },
        { "length below the header", Patch(Cmsg(SolIp, IpTtl, Int(64)), 0, 8UL), false },
        { "length past the buffer", Patch(Cmsg(SolIp, IpTtl, Int(64)), 0, 4096UL), false },
        { "length near ulong.MaxValue", Patch(Cmsg(SolIp, IpTtl, Int(64)), 0, ulong.MaxValue), false },
        { "IPv4 TTL read as IPv6", Cmsg(SolIp, IpTtl, Int(64)), true },
        { "IPv6 hop limit read as IPv4", Cmsg(SolIpv6, Ipv6HopLimit, Int(64)), false },
        { "another type", Cmsg(SolIp, 1, Int(64)), false },
        { "out of range", Cmsg(SolIp, IpTtl, Int(256)), false },
        { "negative", Cmsg(SolIp, IpTtl, Int(-1)), false },
        { "second message past a bad first length", [.. Patch(Cmsg(SolIp, 1, [0]), 0, 100UL), .. Cmsg(SolIp, IpTtl, Int(64))], false },
    };

    [Theory]
    [MemberData(nameof(NoHopLimit))]
    public void Short_malformed_and_foreign_control_data_gives_no_hop_limit(string why, byte[] control, bool ipv6)
    {
        Assert.True(ControlMessages.ReadHopLimit(control, ipv6) is null, why);
    }

    [Fact]
    public void An_ipv4_error_queue_entry_gives_origin_type_code_and_offender()
    {
        var control = Cmsg(SolIp, IpRecvErr, ExtendedError(113, 2, 3, 1, SockAddrIn("10.1.2.3")));
        Assert.True(ControlMessages.TryReadExtendedError(control, ipv6: false, out var error));
        Assert.Equal((113, ErrorOrigin.Icmp, (byte)3, (byte)1, IPAddress.Parse("10.1.2.3")), (error.Errno, error.Origin, error.Type, error.Code, error.Offender));

        // With IP_RECVTTL on, the kernel adds the TTL of the error packet; the entry is found either way.
        byte[] withTtl = [.. Cmsg(SolIp, IpTtl, Int(63)), .. control];
        Assert.True(ControlMessages.TryReadExtendedError(withTtl, ipv6: false, out var again));
        Assert.Equal(error, again);
    }

    [Fact]
    public void An_ipv6_error_queue_entry_gives_origin_type_code_and_offender_with_scope()
    {
        var control = Cmsg(SolIpv6, Ipv6RecvErr, ExtendedError(113, 3, 1, 3, SockAddrIn6("fe80::1", 7)));
        Assert.True(ControlMessages.TryReadExtendedError(control, ipv6: true, out var error));
        Assert.Equal((ErrorOrigin.Icmp6, (byte)1, (byte)3), (error.Origin, error.Type, error.Code));
        Assert.Equal(IPAddress.Parse("fe80::1%7"), error.Offender);
    }

    [Fact]
    public void An_unknown_or_short_offender_is_null_but_the_error_is_still_read()
    {
        var unspecified = new byte[16]; // AF_UNSPEC: the kernel did not know who sent it
        foreach (var offender in new[] { unspecified, [], [2], SockAddrIn("10.0.0.1")[..6], SockAddrIn6("::1")[..20], Patch(SockAddrIn("10.0.0.1"), 0, (ushort)1) })
        {
            Assert.True(ControlMessages.TryReadExtendedError(Cmsg(SolIp, IpRecvErr, ExtendedError(113, 2, 3, 1, offender)), false, out var error));
            Assert.Equal(((byte)3, (byte)1), (error.Type, error.Code));
            Assert.Null(error.Offender);
        }
    }

    public static TheoryData<string, byte[], bool> NoError => new()
    {
        { "empty", [], false },
        { "sock_extended_err cut short", Cmsg(SolIp, IpRecvErr, ExtendedError(113, 2, 3, 1, [])[..15]), false },
        { "header only", Cmsg(SolIp, IpRecvErr, []), false },
        { "level of the other family", Cmsg(SolIpv6, Ipv6RecvErr, ExtendedError(113, 3, 1, 3, SockAddrIn6("::1"))), false },
        { "IPv4 entry on an IPv6 socket", Cmsg(SolIp, IpRecvErr, ExtendedError(113, 2, 3, 1, SockAddrIn("10.0.0.1"))), true },
        { "a TTL only", Cmsg(SolIp, IpTtl, Int(64)), false },
        { "length past the buffer", Patch(Cmsg(SolIp, IpRecvErr, ExtendedError(113, 2, 3, 1, SockAddrIn("10.0.0.1"))), 0, 33UL + 16), false },
        { "truncated buffer (MSG_CTRUNC)", Cmsg(SolIp, IpRecvErr, ExtendedError(113, 2, 3, 1, SockAddrIn("10.0.0.1")))[..24], false },
    };

    [Theory]
    [MemberData(nameof(NoError))]
    public void Short_malformed_and_foreign_control_data_gives_no_error(string why, byte[] control, bool ipv6)
    {
        Assert.False(ControlMessages.TryReadExtendedError(control, ipv6, out _), why);
    }

    [Fact]
    public void Socket_addresses_of_both_families_are_read_and_anything_else_is_null()
    {
        Assert.Equal(IPAddress.Parse("127.0.0.1"), SockAddr.ReadAddress(SockAddrIn("127.0.0.1")));
        Assert.Equal(IPAddress.IPv6Loopback, SockAddr.ReadAddress(SockAddrIn6("::1")));
        Assert.Null(SockAddr.ReadAddress([]));
        Assert.Null(SockAddr.ReadAddress([2]));
        Assert.Null(SockAddr.ReadAddress(SockAddrIn("127.0.0.1")[..7]));
        Assert.Null(SockAddr.ReadAddress(SockAddrIn6("::1")[..27]));
        Assert.Null(SockAddr.ReadAddress(new byte[128]));                      // AF_UNSPEC
        Assert.Null(SockAddr.ReadAddress(Patch(new byte[128], 0, (ushort)1))); // AF_UNIX
    }

    [Fact]
    public void Random_control_data_never_throws()
    {
        var random = new Random(8);
        var buffer = new byte[96];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            var length = random.Next(buffer.Length + 1);
            if (i % 2 == 0)
            {
                // Mostly plausible headers, so that the walk gets past the first one.
                MemoryMarshal.Write(buffer, (ulong)random.Next(0, 64));
                MemoryMarshal.Write(buffer.AsSpan(8), random.Next(2) * 41);
            }

            var control = buffer.AsSpan(0, length);
            _ = ControlMessages.ReadHopLimit(control, i % 3 == 0);
            _ = ControlMessages.TryReadExtendedError(control, i % 3 == 0, out _);
            _ = SockAddr.ReadAddress(control);
        }
    }

    private static byte[] Patch<T>(byte[] bytes, int offset, T value)
        where T : struct
    {
        MemoryMarshal.Write(bytes.AsSpan(offset), in value);
        return bytes;
    }
}
