using System.Buffers.Binary;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using NetPrimitives.Ping;
using NetPrimitives.Ping.Engines;
using NetPrimitives.Ping.Icmp;

namespace NetPrimitives.Tests.Ping;

/// <summary>How a shared socket's receive loop tells our replies from foreign, stale and forged ones (no socket needed).</summary>
public sealed class ReplyMatchingTests
{
    private static readonly IPAddress Target = IPAddress.Parse("127.0.0.9");

    private static IcmpSocketPinger Pinger(bool raw = true) =>
        IcmpSocketPinger.CreateUnopened(raw, TimeProvider.System, new PingLog(NullLogger.Instance));

    private static byte[] Reply(ushort identifier, ushort sequence, ulong nonce, uint probeId)
    {
        var packet = new byte[28];
        EchoRequest.Write(packet, false, identifier, sequence, new EchoPayload(nonce, probeId, 0));
        packet[0] = 0;
        packet[2] = packet[3] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), IcmpChecksum.Compute(packet));
        return packet;
    }

    private static void Deliver(IcmpSocketPinger pinger, byte[] icmp, IPAddress from) =>
        pinger.Dispatch(icmp, from, System.Diagnostics.Stopwatch.GetTimestamp(), IcmpFraming.Ipv4Datagram);

    [Fact]
    public async Task Our_reply_completes_the_probe_with_its_rtt()
    {
        var pinger = Pinger();
        var probe = pinger.Register(Target, out var sequence);
        Deliver(pinger, Reply(pinger.Identifier, sequence, pinger.Nonce, probe.ProbeId), Target);
        Assert.True(probe.Task.IsCompletedSuccessfully);
        var outcome = await probe.Task;
        Assert.Equal(ProbeStatus.Alive, outcome.Status);
        Assert.True(outcome.RoundTripTime >= TimeSpan.Zero);
    }

    [Fact]
    public void Foreign_stale_and_misdirected_replies_are_ignored()
    {
        var pinger = Pinger();
        var probe = pinger.Register(Target, out var sequence);
        Deliver(pinger, Reply((ushort)(pinger.Identifier + 1), sequence, pinger.Nonce, probe.ProbeId), Target); // another program's ping
        Deliver(pinger, Reply(pinger.Identifier, sequence, pinger.Nonce ^ 0xFF, probe.ProbeId), Target);       // another sweep's nonce
        Deliver(pinger, Reply(pinger.Identifier, sequence, pinger.Nonce, probe.ProbeId + 65_536), Target);    // same sequence, older probe
        Deliver(pinger, Reply(pinger.Identifier, (ushort)(sequence + 1), pinger.Nonce, probe.ProbeId), Target); // nothing pending there
        Deliver(pinger, Reply(pinger.Identifier, sequence, pinger.Nonce, probe.ProbeId), IPAddress.Parse("127.0.0.10")); // wrong host
        var noPayload = Reply(pinger.Identifier, sequence, pinger.Nonce, probe.ProbeId)[..8];
        noPayload[2] = noPayload[3] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(noPayload.AsSpan(2), IcmpChecksum.Compute(noPayload));
        Deliver(pinger, noPayload, Target); // a reply that does not echo our data
        Assert.False(probe.Task.IsCompleted);
    }

    [Fact]
    public async Task A_datagram_socket_ignores_the_identifier_the_kernel_rewrote()
    {
        var pinger = Pinger(raw: false);
        var probe = pinger.Register(Target, out var sequence);
        Deliver(pinger, Reply((ushort)(pinger.Identifier ^ 0x5555), sequence, pinger.Nonce, probe.ProbeId), Target);
        Assert.True(probe.Task.IsCompletedSuccessfully);
        Assert.Equal(ProbeStatus.Alive, (await probe.Task).Status);
    }

    [Fact]
    public async Task An_unreachable_quoting_our_probe_completes_it_with_type_code_and_router()
    {
        var pinger = Pinger();
        var probe = pinger.Register(Target, out var sequence);
        var request = new byte[28];
        EchoRequest.Write(request, false, pinger.Identifier, sequence, new EchoPayload(pinger.Nonce, probe.ProbeId, 0));
        var quoted = new byte[20 + request.Length];
        quoted[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(quoted.AsSpan(2), (ushort)quoted.Length);
        quoted[9] = 1;
        Target.GetAddressBytes().CopyTo(quoted, 16);
        request.CopyTo(quoted, 20);
        var error = new byte[8 + quoted.Length];
        error[0] = 3;
        error[1] = 1;
        quoted.CopyTo(error, 8);
        BinaryPrimitives.WriteUInt16BigEndian(error.AsSpan(2), IcmpChecksum.Compute(error));

        // Quoting another destination: not ours.
        var other = (byte[])error.Clone();
        IPAddress.Parse("127.0.0.10").GetAddressBytes().CopyTo(other, 8 + 16);
        other[2] = other[3] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(other.AsSpan(2), IcmpChecksum.Compute(other));
        var router = IPAddress.Parse("127.0.0.254");
        Deliver(pinger, other, router);
        Assert.False(probe.Task.IsCompleted);

        Deliver(pinger, error, router);
        Assert.True(probe.Task.IsCompletedSuccessfully);
        var outcome = await probe.Task;
        Assert.Equal((ProbeStatus.Unreachable, 3, 1, router), (outcome.Status, outcome.IcmpType!.Value, outcome.IcmpCode!.Value, outcome.ReportedBy));
    }

    [Fact]
    public void Sequences_still_in_flight_are_skipped_when_the_counter_wraps()
    {
        var pinger = Pinger();
        var first = pinger.Register(Target, out var firstSequence);
        var seen = new HashSet<ushort> { firstSequence };
        for (var i = 0; i < 70_000; i++)
        {
            var probe = pinger.Register(Target, out var sequence);
            Assert.NotEqual(firstSequence, sequence); // the first probe is still pending: its sequence is never reused
            Assert.NotEqual(first.ProbeId, probe.ProbeId);
            pinger.Dispatch([], Target, 0, IcmpFraming.Ipv4Datagram); // garbage in between changes nothing
            ReleaseForTest(pinger, sequence, probe);
        }
    }

    private static void ReleaseForTest(IcmpSocketPinger pinger, ushort sequence, PendingProbe probe) => pinger.Unregister(sequence, probe);
}
