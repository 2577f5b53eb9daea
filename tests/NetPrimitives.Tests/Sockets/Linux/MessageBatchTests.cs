using System.Net;
using System.Net.Sockets;
using NetPrimitives.Sockets.Linux;

namespace NetPrimitives.Tests.Sockets.Linux;

/// <summary>
/// The recvmmsg / sendmmsg layer under the polling ping sweep and the batched UDP server (<see cref="MessageReceiver"/>
/// with several slots, <see cref="MessageSender"/>), checked with plain UDP sockets on loopback: the native layouts must
/// carry every datagram, its length and its address, in both families.
/// </summary>
public sealed class MessageBatchTests
{
    private static void RequireLinux()
    {
        if (!LinuxSocketApi.IsSupported)
        {
            Assert.Skip("recvmmsg/sendmmsg are used on 64-bit Linux only");
        }
    }

    private static Socket Bound(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    // A loopback socket with count datagrams queued from sender, datagram i being payload(i).
    private static Socket Queued(Socket sender, int count, Func<int, byte[]> payload)
    {
        var receiver = Bound(IPAddress.Loopback);
        for (var i = 0; i < count; i++)
        {
            sender.SendTo(payload(i), receiver.LocalEndPoint!);
        }

        return receiver;
    }

    [Fact]
    public void A_batch_read_returns_every_queued_datagram_with_its_length_and_sender_then_eagain()
    {
        RequireLinux();
        using var sender = Bound(IPAddress.Loopback);
        using var receiver = Queued(sender, 40, i => Enumerable.Repeat((byte)i, 1 + i).ToArray());

        using var batch = new MessageReceiver(receiver.SafeHandle, 2_048, slots: 32);
        var received = new List<(int Length, byte First, IPEndPoint From)>();
        Errno errno;
        while ((errno = batch.TryReceiveMany(out var count)) == Errno.None)
        {
            Assert.InRange(count, 1, 32);
            for (var i = 0; i < count; i++)
            {
                var message = batch.Message(i);
                var from = SockAddr.ReadAddress(message.Name)!;
                received.Add((message.Data.Length, message.Data[0], new IPEndPoint(from, 0)));
            }
        }

        Assert.Equal(Errno.Eagain, errno);
        Assert.Equal(40, received.Count);
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal((1 + i, (byte)i), (received[i].Length, received[i].First));
            Assert.Equal(IPAddress.Loopback, received[i].From.Address);
        }
    }

    [Fact]
    public void One_send_call_reaches_every_address_of_the_batch_in_both_families()
    {
        RequireLinux();
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Skip("IPv6 is not supported on this machine");
        }

        using var v4Targets = new DisposableList(Enumerable.Range(0, 3).Select(_ => Bound(IPAddress.Loopback)));
        using var v6Target = Bound(IPAddress.IPv6Loopback);
        using var v4 = Bound(IPAddress.Loopback);
        using var v6 = Bound(IPAddress.IPv6Loopback);

        // ICMP sockets ignore the port; UDP needs it, which is why Add takes one for this test.
        using var batch = new MessageSender(v4.SafeHandle, 16, slots: 4);
        foreach (var (target, i) in v4Targets.Items.Select((t, i) => (t, i)))
        {
            var endPoint = (IPEndPoint)target.LocalEndPoint!;
            batch.Add(endPoint.Address, (ushort)endPoint.Port).Fill((byte)(10 + i));
        }

        Assert.Equal(3, batch.Send(0, out var errno));
        Assert.Equal(Errno.None, errno);
        foreach (var (target, i) in v4Targets.Items.Select((t, i) => (t, i)))
        {
            var buffer = new byte[64];
            target.ReceiveTimeout = 5_000;
            Assert.Equal(16, target.Receive(buffer));
            Assert.Equal((byte)(10 + i), buffer[0]);
        }

        using var batch6 = new MessageSender(v6.SafeHandle, 8, slots: 2);
        var six = (IPEndPoint)v6Target.LocalEndPoint!;
        batch6.Add(six.Address, (ushort)six.Port).Fill(66);
        Assert.Equal(1, batch6.Send(0, out _));
        var received = new byte[64];
        v6Target.ReceiveTimeout = 5_000;
        Assert.Equal(8, v6Target.Receive(received));
        Assert.Equal(66, received[0]);
    }

    [Fact]
    public void A_failing_datagram_stops_the_batch_there_and_reports_its_errno()
    {
        RequireLinux();
        using var target = Bound(IPAddress.Loopback);
        using var socket = Bound(IPAddress.Loopback);
        var port = (ushort)((IPEndPoint)target.LocalEndPoint!).Port;
        using var batch = new MessageSender(socket.SafeHandle, 4, slots: 3);
        batch.Add(IPAddress.Loopback, port).Fill(1);
        batch.Add(IPAddress.IPv6Loopback, port).Fill(2); // an IPv6 address on an IPv4 socket: EAFNOSUPPORT or EINVAL
        batch.Add(IPAddress.Loopback, port).Fill(3);

        Assert.Equal(1, batch.Send(0, out var errno));
        Assert.Equal(Errno.None, errno);
        Assert.Equal(-1, batch.Send(1, out errno));
        Assert.NotEqual(Errno.None, errno);
        Assert.Equal(1, batch.Send(2, out _));
        var buffer = new byte[16];
        target.ReceiveTimeout = 5_000;
        Assert.Equal(1, target.Receive(buffer) > 0 ? buffer[0] : 0);
        Assert.Equal(3, target.Receive(buffer) > 0 ? buffer[0] : 0);
    }

    [Fact]
    public void A_blocking_batch_read_waits_for_the_first_datagram_and_takes_the_queued_ones_with_them()
    {
        RequireLinux();
        using var sender = Bound(IPAddress.Loopback);
        using var receiver = Queued(sender, 3, i => [(byte)i]);

        // No control buffer (as the UDP server asks), room for one byte more than the largest datagram.
        using var batch = new MessageReceiver(receiver.SafeHandle, 2, slots: 8, controlBytes: 0);
        var taken = 0;
        while (taken < 3)
        {
            Assert.Equal(Errno.None, batch.ReceiveMany(LinuxSocketApi.MsgWaitForOne, out var count));
            for (var i = 0; i < count; i++, taken++)
            {
                var message = batch.Message(i);
                Assert.Equal([(byte)taken], message.Data.ToArray());
                Assert.Equal(0, message.Control.Length);
                var from = new SocketAddress(AddressFamily.InterNetwork);
                Assert.True(SockAddr.TryCopyTo(message.Name, from));
                Assert.Equal(sender.LocalEndPoint, new IPEndPoint(IPAddress.Any, 0).Create(from));
            }
        }
    }

    [Fact]
    public void Replies_to_socket_addresses_are_copied_into_the_batch_until_it_is_full()
    {
        RequireLinux();
        using var target = Bound(IPAddress.Loopback);
        using var socket = Bound(IPAddress.Loopback);
        var destination = target.LocalEndPoint!.Serialize();
        using var batch = new MessageSender(socket.SafeHandle, 4, slots: 2);

        Assert.False(batch.TryAdd(new byte[5], destination)); // larger than a slot
        Assert.True(batch.TryAdd("ab"u8, destination));
        Assert.True(batch.TryAdd([], destination));
        Assert.False(batch.TryAdd("c"u8, destination)); // full
        Assert.Equal(2, batch.Count);
        Assert.Equal("ab"u8.ToArray(), batch.Packet(0).ToArray());
        Assert.Equal(destination.Buffer.Span[..destination.Size].ToArray(), batch.Destination(1).ToArray());

        Assert.Equal(2, batch.Send(0, out var errno));
        Assert.Equal(Errno.None, errno);
        var buffer = new byte[16];
        target.ReceiveTimeout = 5_000;
        Assert.Equal(2, target.Receive(buffer));
        Assert.Equal(0, target.Receive(buffer));
    }

    [Fact]
    public void A_socket_address_written_from_an_ip_address_is_the_one_the_runtime_lays_out()
    {
        RequireLinux();
        Span<byte> slot = stackalloc byte[SockAddr.SlotBytes];
        foreach (var endPoint in new[] { new IPEndPoint(IPAddress.Parse("192.0.2.7"), 5353), new IPEndPoint(IPAddress.Parse("fe80::1%3"), 7) })
        {
            var length = SockAddr.Write(endPoint.Address, (ushort)endPoint.Port, slot);
            var runtime = endPoint.Serialize();

            Assert.Equal(runtime.Buffer.Span[..runtime.Size].ToArray(), slot[..length].ToArray());
            Assert.Equal(endPoint.Address, SockAddr.ReadAddress(slot[..length]));
            Assert.Equal(length, SockAddr.Write(runtime, slot));
        }

        Assert.False(SockAddr.TryCopyTo(new byte[29], new SocketAddress(AddressFamily.InterNetwork)));
    }

    [Fact]
    public void A_closed_socket_is_an_object_disposed_error_not_a_call_on_a_reused_descriptor()
    {
        RequireLinux();
        var socket = Bound(IPAddress.Loopback);
        using var receiver = new MessageReceiver(socket.SafeHandle, 16, slots: 2);
        using var sender = new MessageSender(socket.SafeHandle, 16, slots: 2);
        socket.Dispose();

        Assert.Throws<ObjectDisposedException>(() => receiver.ReceiveMany(LinuxSocketApi.MsgDontWait, out _));
        Assert.Throws<ObjectDisposedException>(() => sender.Send(0, out _));
    }

    private sealed class DisposableList(IEnumerable<Socket> items) : IDisposable
    {
        public List<Socket> Items { get; } = items.ToList();

        public void Dispose() => Items.ForEach(s => s.Dispose());
    }
}
