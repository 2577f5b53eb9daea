using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using NetPrimitives.Ping;
using NetPrimitives.Ping.Engines;
using NetPrimitives.Sockets.Linux;
using NetPrimitives.Ping.Icmp;

namespace NetPrimitives.Tests.Ping;

/// <summary>
/// ICMP errors as a datagram socket's error queue delivers them (the kernel's parse, our echo request returned as
/// data), matched to the waiting probe like the raw engine matches the error packets themselves. No socket needed.
/// </summary>
public sealed class DatagramErrorQueueTests
{
    private static readonly IPAddress Target = IPAddress.Parse("10.9.9.9");
    private static readonly IPAddress Router = IPAddress.Parse("10.9.0.1");

    private static IcmpSocketPinger Pinger() => IcmpSocketPinger.CreateUnopened(raw: false, TimeProvider.System, new PingLog(NullLogger.Instance));

    // What the kernel returns: our echo request from its ICMP header on, with the identifier it rewrote to the socket's port.
    private static byte[] Request(IcmpSocketPinger pinger, ushort sequence, uint probeId, bool ipv6 = false, int length = 28)
    {
        var request = new byte[Math.Max(length, 28)];
        EchoRequest.Write(request, ipv6, (ushort)(pinger.Identifier ^ 0x1234), sequence, new EchoPayload(pinger.Nonce, probeId, 0));
        return request[..length];
    }

    [Fact]
    public async Task A_queued_host_unreachable_completes_the_probe_with_type_code_and_router()
    {
        var pinger = Pinger();
        var probe = pinger.Register(Target, out var sequence);
        pinger.DispatchQueuedError(new ExtendedSocketError(113, ErrorOrigin.Icmp, 3, 1, Router), Request(pinger, sequence, probe.ProbeId), Target, ipv6: false);
        Assert.True(probe.Task.IsCompletedSuccessfully);
        var outcome = await probe.Task;
        Assert.Equal((ProbeStatus.Unreachable, 3, 1, Router), (outcome.Status, outcome.IcmpType!.Value, outcome.IcmpCode!.Value, outcome.ReportedBy));
    }

    [Fact]
    public async Task A_queued_icmpv6_time_exceeded_completes_the_probe()
    {
        var pinger = Pinger();
        var target = IPAddress.Parse("fd00::9");
        var router = IPAddress.Parse("fd00::1");
        var probe = pinger.Register(target, out var sequence);
        pinger.DispatchQueuedError(new ExtendedSocketError(113, ErrorOrigin.Icmp6, 3, 0, router), Request(pinger, sequence, probe.ProbeId, ipv6: true), target, ipv6: true);
        var outcome = await probe.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((ProbeStatus.Unreachable, 3, 0, router), (outcome.Status, outcome.IcmpType!.Value, outcome.IcmpCode!.Value, outcome.ReportedBy));
    }

    [Fact]
    public async Task An_error_quoting_only_64_bits_is_matched_by_sequence_and_destination_and_the_router_may_be_unknown()
    {
        var pinger = Pinger();
        var probe = pinger.Register(Target, out var sequence);
        pinger.DispatchQueuedError(new ExtendedSocketError(113, ErrorOrigin.Icmp, 3, 1, null), Request(pinger, sequence, probe.ProbeId, length: 8), Target, ipv6: false);
        var outcome = await probe.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(ProbeStatus.Unreachable, outcome.Status);
        Assert.Null(outcome.ReportedBy);
    }

    [Fact]
    public void Entries_that_are_not_an_icmp_error_about_this_probe_are_ignored()
    {
        var pinger = Pinger();
        var probe = pinger.Register(Target, out var sequence);
        var request = Request(pinger, sequence, probe.ProbeId);
        var unreachable = new ExtendedSocketError(113, ErrorOrigin.Icmp, 3, 1, Router);

        pinger.DispatchQueuedError(unreachable with { Origin = ErrorOrigin.Local }, request, Target, false);     // EMSGSIZE and the like
        pinger.DispatchQueuedError(unreachable with { Origin = ErrorOrigin.Icmp6 }, request, Target, false);    // wrong family's origin
        pinger.DispatchQueuedError(unreachable with { Origin = ErrorOrigin.None }, request, Target, false);
        pinger.DispatchQueuedError(unreachable with { Type = 12 }, request, Target, false);                     // parameter problem: raw ignores it too
        pinger.DispatchQueuedError(unreachable with { Type = 0 }, request, Target, false);                      // an echo reply is never an error
        pinger.DispatchQueuedError(unreachable, request, IPAddress.Parse("10.9.9.10"), false);                  // sent elsewhere
        pinger.DispatchQueuedError(unreachable, Request(pinger, (ushort)(sequence + 1), probe.ProbeId), Target, false);
        pinger.DispatchQueuedError(unreachable, Request(pinger, sequence, probe.ProbeId + 65_536), Target, false); // older probe, same sequence
        var foreign = Request(pinger, sequence, probe.ProbeId);
        foreign[8] ^= 0xFF;                                                                                      // another sweep's nonce
        pinger.DispatchQueuedError(unreachable, foreign, Target, false);
        var reply = Request(pinger, sequence, probe.ProbeId);
        reply[0] = 0;                                                                                            // not an echo request
        pinger.DispatchQueuedError(unreachable, reply, Target, false);
        for (var length = 0; length < 8; length++)
        {
            pinger.DispatchQueuedError(unreachable, request[..length], Target, false);                          // too short to name a sequence
        }

        Assert.False(probe.Task.IsCompleted);
    }

    [Fact]
    public async Task A_datagram_reply_carries_the_ttl_read_from_its_control_message()
    {
        var pinger = Pinger();
        var target = IPAddress.Parse("127.0.0.9");
        var probe = pinger.Register(target, out var sequence);
        var reply = Request(pinger, sequence, probe.ProbeId);
        reply[0] = 0; // echo reply
        reply[2] = reply[3] = 0;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(2), IcmpChecksum.Compute(reply));
        pinger.Dispatch(reply, target, System.Diagnostics.Stopwatch.GetTimestamp(), IcmpFraming.Ipv4Datagram, ttl: 57);
        var outcome = await probe.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((ProbeStatus.Alive, 57), (outcome.Status, outcome.Ttl!.Value));
    }

    [Theory]
    [InlineData((byte)3, false, false)]
    [InlineData((byte)11, false, true)]
    [InlineData((byte)1, true, false)]
    [InlineData((byte)3, true, true)]
    public void The_kernel_parsed_type_gives_the_same_message_as_the_raw_packet_would(byte type, bool ipv6, bool timeExceeded)
    {
        var kind = timeExceeded ? IcmpMessageKind.TimeExceeded : IcmpMessageKind.DestinationUnreachable;
        var request = new byte[28];
        EchoRequest.Write(request, ipv6, 0x4242, 7, new EchoPayload(99, 5, 0));
        Assert.True(IcmpReplyParser.TryParseQueuedError(type, 2, request, Target, ipv6, out var message));
        Assert.Equal((kind, type, (byte)2, (ushort)0x4242, (ushort)7, Target), (message.Kind, message.Type, message.Code, message.Identifier, message.Sequence, message.OriginalDestination));
        Assert.Equal(new EchoPayload(99, 5, 0), message.Payload);
        Assert.Null(message.Ttl);

        // The other family's echo request type is not ours.
        Assert.False(IcmpReplyParser.TryParseQueuedError(type, 2, Flip(request, ipv6), Target, ipv6, out _));
    }

    private static byte[] Flip(byte[] request, bool ipv6)
    {
        var copy = (byte[])request.Clone();
        copy[0] = ipv6 ? EchoRequest.Ipv4Type : EchoRequest.Ipv6Type;
        return copy;
    }
}
