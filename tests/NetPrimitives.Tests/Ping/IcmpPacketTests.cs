using System.Buffers.Binary;
using System.Net;
using NetPrimitives.Ping.Icmp;

namespace NetPrimitives.Tests.Ping;

public sealed class IcmpPacketTests
{
    private static readonly EchoPayload Payload = new(0x0123456789ABCDEF, 70_000, 123_456_789);

    [Fact]
    public void Checksum_matches_rfc1071_worked_example()
    {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum (with end-around carry) to ddf2; the checksum is its complement.
        byte[] data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        Assert.Equal((ushort)0x220d, IcmpChecksum.Compute(data)); // ~0xddf2
    }

    [Fact]
    public void Checksum_pads_an_odd_byte_with_zero()
    {
        Assert.Equal(IcmpChecksum.Compute([0x12, 0x34, 0x56, 0x00]), IcmpChecksum.Compute([0x12, 0x34, 0x56]));
    }

    [Fact]
    public void Echo_request_v4_carries_id_sequence_payload_and_a_valid_checksum()
    {
        var packet = new byte[64];
        EchoRequest.Write(packet, ipv6: false, identifier: 0xBEEF, sequence: 0x1234, Payload);
        Assert.Equal(8, packet[0]);
        Assert.Equal(0, packet[1]);
        Assert.Equal(0xBEEF, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(4)));
        Assert.Equal(0x1234, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(6)));
        Assert.True(IcmpChecksum.IsValid(packet));
        Assert.True(EchoPayload.TryRead(packet.AsSpan(8), out var read));
        Assert.Equal(Payload, read);
        Assert.All(packet[28..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Echo_request_v6_leaves_the_checksum_to_the_kernel()
    {
        var packet = new byte[28];
        EchoRequest.Write(packet, ipv6: true, 1, 2, Payload);
        Assert.Equal(128, packet[0]);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)));
    }

    [Fact]
    public void Echo_request_refuses_a_buffer_too_small_for_the_payload()
    {
        Assert.Throws<ArgumentException>(() => EchoRequest.Write(new byte[27], false, 1, 2, Payload));
    }

    [Fact]
    public void Raw_ipv4_reply_with_ip_header_gives_ttl_id_sequence_and_payload()
    {
        var reply = Ipv4(ttl: 61, Reply(0xBEEF, 7));
        Assert.True(IcmpReplyParser.TryParse(reply, IcmpFraming.Ipv4WithHeader, out var message));
        Assert.Equal(IcmpMessageKind.EchoReply, message.Kind);
        Assert.Equal(0xBEEF, message.Identifier);
        Assert.Equal(7, message.Sequence);
        Assert.Equal(61, message.Ttl);
        Assert.Equal(Payload, message.Payload);
    }

    [Fact]
    public void Raw_ipv4_header_with_options_is_skipped_by_its_length()
    {
        var reply = Ipv4(ttl: 5, Reply(1, 2), optionWords: 2);
        Assert.True(IcmpReplyParser.TryParse(reply, IcmpFraming.Ipv4WithHeader, out var message));
        Assert.Equal(Payload, message.Payload);
    }

    [Fact]
    public void Datagram_socket_reply_has_no_ip_header_and_no_ttl()
    {
        // Linux ping sockets deliver the ICMP message alone, with the identifier rewritten to the socket's "port".
        Assert.True(IcmpReplyParser.TryParse(Reply(0x4242, 9), IcmpFraming.Ipv4Datagram, out var message));
        Assert.Equal(0x4242, message.Identifier);
        Assert.Equal(9, message.Sequence);
        Assert.Null(message.Ttl);
        Assert.Equal(Payload, message.Payload);
    }

    [Fact]
    public void Icmpv6_echo_reply_is_type_129()
    {
        var reply = Reply(3, 4);
        reply[0] = 129;
        reply[2] = reply[3] = 0xAA; // kernel-verified: not checked here
        Assert.True(IcmpReplyParser.TryParse(reply, IcmpFraming.Ipv6, out var message));
        Assert.Equal(IcmpMessageKind.EchoReply, message.Kind);
        Assert.Equal(Payload, message.Payload);
    }

    [Fact]
    public void Our_own_looped_back_requests_and_other_types_are_ignored()
    {
        var request = new byte[28];
        EchoRequest.Write(request, false, 1, 2, Payload);
        Assert.False(IcmpReplyParser.TryParse(Ipv4(64, request), IcmpFraming.Ipv4WithHeader, out _));
        var redirect = Reply(1, 2);
        redirect[0] = 5;
        FixChecksum(redirect);
        Assert.False(IcmpReplyParser.TryParse(redirect, IcmpFraming.Ipv4Datagram, out _));
        var v6Request = new byte[28];
        EchoRequest.Write(v6Request, true, 1, 2, Payload);
        Assert.False(IcmpReplyParser.TryParse(v6Request, IcmpFraming.Ipv6, out _));
    }

    [Fact]
    public void Corrupt_checksum_is_ignored()
    {
        var reply = Reply(1, 2);
        reply[^1] ^= 0xFF;
        Assert.False(IcmpReplyParser.TryParse(reply, IcmpFraming.Ipv4Datagram, out _));
        Assert.False(IcmpReplyParser.TryParse(Ipv4(64, reply), IcmpFraming.Ipv4WithHeader, out _));
    }

    [Fact]
    public void Truncated_and_malformed_datagrams_are_ignored_at_every_length()
    {
        var full = Ipv4(64, Reply(1, 2));
        for (var length = 0; length < 28; length++)
        {
            Assert.False(IcmpReplyParser.TryParse(full.AsSpan(0, length), IcmpFraming.Ipv4WithHeader, out _));
        }

        // Truncations past the ICMP header: the IP total length no longer fits, so refused.
        for (var length = 28; length < full.Length; length++)
        {
            Assert.False(IcmpReplyParser.TryParse(full.AsSpan(0, length), IcmpFraming.Ipv4WithHeader, out _));
        }

        var badVersion = (byte[])full.Clone();
        badVersion[0] = 0x65;
        Assert.False(IcmpReplyParser.TryParse(badVersion, IcmpFraming.Ipv4WithHeader, out _));
        var badIhl = (byte[])full.Clone();
        badIhl[0] = 0x44;
        Assert.False(IcmpReplyParser.TryParse(badIhl, IcmpFraming.Ipv4WithHeader, out _));
        var notIcmp = (byte[])full.Clone();
        notIcmp[9] = 17;
        Assert.False(IcmpReplyParser.TryParse(notIcmp, IcmpFraming.Ipv4WithHeader, out _));
    }

    [Fact]
    public void Reply_without_our_payload_parses_with_no_payload()
    {
        var shortReply = new byte[12];
        shortReply[0] = 0;
        FixChecksum(shortReply);
        Assert.True(IcmpReplyParser.TryParse(shortReply, IcmpFraming.Ipv4Datagram, out var message));
        Assert.Null(message.Payload);
    }

    [Theory]
    [InlineData(3, 1, true)]
    [InlineData(11, 0, false)]
    public void Ipv4_errors_point_to_the_quoted_probe(byte type, byte code, bool unreachable)
    {
        var kind = unreachable ? IcmpMessageKind.DestinationUnreachable : IcmpMessageKind.TimeExceeded;
        var request = new byte[28];
        EchoRequest.Write(request, false, 0xBEEF, 77, Payload);
        var quoted = Ipv4(64, request, destination: IPAddress.Parse("10.213.0.9"));
        var error = IcmpError(type, code, quoted);
        Assert.True(IcmpReplyParser.TryParse(Ipv4(250, error), IcmpFraming.Ipv4WithHeader, out var message));
        Assert.Equal(kind, message.Kind);
        Assert.Equal((type, code), (message.Type, message.Code));
        Assert.Equal(0xBEEF, message.Identifier);
        Assert.Equal(77, message.Sequence);
        Assert.Equal(Payload, message.Payload);
        Assert.Equal(IPAddress.Parse("10.213.0.9"), message.OriginalDestination);
    }

    [Fact]
    public void Ipv4_error_quoting_only_64_bits_still_gives_id_and_sequence()
    {
        var request = new byte[28];
        EchoRequest.Write(request, false, 5, 6, Payload);
        var quoted = Ipv4(64, request)[..28]; // RFC 792: IP header + 64 bits
        Assert.True(IcmpReplyParser.TryParse(IcmpError(3, 3, quoted), IcmpFraming.Ipv4Datagram, out var message));
        Assert.Equal((5, 6), (message.Identifier, message.Sequence));
        Assert.Null(message.Payload);
    }

    [Fact]
    public void Errors_quoting_something_else_are_ignored()
    {
        var udp = Ipv4(64, new byte[16]);
        udp[9] = 17;
        Assert.False(IcmpReplyParser.TryParse(IcmpError(3, 3, udp), IcmpFraming.Ipv4Datagram, out _));
        var reply = Ipv4(64, Reply(1, 2)); // quoting an echo reply, not a request
        Assert.False(IcmpReplyParser.TryParse(IcmpError(3, 3, reply), IcmpFraming.Ipv4Datagram, out _));
        Assert.False(IcmpReplyParser.TryParse(IcmpError(3, 3, new byte[10]), IcmpFraming.Ipv4Datagram, out _));
    }

    [Fact]
    public void Icmpv6_unreachable_points_to_the_quoted_probe()
    {
        var request = new byte[28];
        EchoRequest.Write(request, true, 9, 10, Payload);
        var quoted = new byte[40 + request.Length];
        quoted[0] = 0x60;
        quoted[6] = 58;
        IPAddress.Parse("fd00::7").GetAddressBytes().CopyTo(quoted, 24);
        request.CopyTo(quoted, 40);
        var error = new byte[8 + quoted.Length];
        error[0] = 1;
        error[1] = 3;
        quoted.CopyTo(error, 8);
        Assert.True(IcmpReplyParser.TryParse(error, IcmpFraming.Ipv6, out var message));
        Assert.Equal(IcmpMessageKind.DestinationUnreachable, message.Kind);
        Assert.Equal((9, 10), (message.Identifier, message.Sequence));
        Assert.Equal(IPAddress.Parse("fd00::7"), message.OriginalDestination);
        quoted[6] = 17;
        quoted.CopyTo(error, 8);
        Assert.False(IcmpReplyParser.TryParse(error, IcmpFraming.Ipv6, out _));
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(8);
        var buffer = new byte[200];
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(buffer.Length);
            random.NextBytes(buffer);
            if (i % 2 == 0)
            {
                buffer[0] = 0x45;
            }

            foreach (var framing in Enum.GetValues<IcmpFraming>())
            {
                _ = IcmpReplyParser.TryParse(buffer.AsSpan(0, length), framing, out _);
            }
        }
    }

    private static byte[] Reply(ushort id, ushort sequence)
    {
        var packet = new byte[36];
        EchoRequest.Write(packet, false, id, sequence, Payload);
        packet[0] = 0;
        FixChecksum(packet);
        return packet;
    }

    private static byte[] IcmpError(byte type, byte code, byte[] quoted)
    {
        var packet = new byte[8 + quoted.Length];
        packet[0] = type;
        packet[1] = code;
        quoted.CopyTo(packet, 8);
        FixChecksum(packet);
        return packet;
    }

    private static void FixChecksum(byte[] packet)
    {
        packet[2] = packet[3] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), IcmpChecksum.Compute(packet));
    }

    private static byte[] Ipv4(byte ttl, byte[] payload, int optionWords = 0, IPAddress? destination = null)
    {
        var headerLength = 20 + (optionWords * 4);
        var packet = new byte[headerLength + payload.Length];
        packet[0] = (byte)(0x40 | (headerLength / 4));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = ttl;
        packet[9] = 1;
        IPAddress.Loopback.GetAddressBytes().CopyTo(packet, 12);
        (destination ?? IPAddress.Loopback).GetAddressBytes().CopyTo(packet, 16);
        payload.CopyTo(packet, headerLength);
        return packet;
    }
}
