using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NetPrimitives.Sockets.Linux;

// What poll(2) says about a socket.
[Flags]
internal enum SocketReadiness
{
    None = 0,

    // A datagram (or a pending socket error) can be read.
    Readable = 1,

    // The error queue holds entries (POLLERR).
    ErrorQueued = 2,
}

// One datagram or error-queue entry as recvmsg(2) returned it; the spans point into the receiver's buffers.
internal readonly ref struct ReceivedMessage(ReadOnlySpan<byte> data, ReadOnlySpan<byte> name, ReadOnlySpan<byte> control, int flags)
{
    public ReadOnlySpan<byte> Data { get; } = data;

    // The sockaddr (SockAddr layout): the sender of a datagram, or for an error-queue entry the original destination.
    public ReadOnlySpan<byte> Name { get; } = name;

    public ReadOnlySpan<byte> Control { get; } = control;

    // msg_flags (MSG_TRUNC, MSG_CTRUNC...).
    public int Flags { get; } = flags;
}

// poll + recvmsg / recvmmsg on one socket, with native buffers allocated once (the headers point into them, so nothing
// is pinned or allocated per call): per slot a msghdr, an iovec, a sockaddr_storage, the control buffer and the data
// buffer. One thread only. The socket's handle is referenced for each call (SocketDescriptor).
internal sealed unsafe class MessageReceiver : IDisposable
{
    // An error entry with its offender (16 + 28) and a TTL, each with its header, fit many times.
    public const int DefaultControlBytes = 256;

    private readonly SafeSocketHandle _handle;
    private readonly int _dataBytes;
    private readonly int _controlBytes;
    private readonly byte* _memory;
    private readonly LinuxSocketApi.MMsgHdr* _headers; // one per slot; recvmsg uses the first one's msghdr
    private readonly LinuxSocketApi.IoVec* _vectors;
    private readonly byte* _names;
    private readonly byte* _controls;
    private readonly byte* _data;
    private bool _disposed;

    // dataBytes: the largest datagram kept whole, per slot. slots: datagrams one ReceiveMany may return (recvmmsg(2)
    // when more than one). controlBytes: room for control messages per slot (0: none asked for, as for UDP).
    public MessageReceiver(SafeSocketHandle handle, int dataBytes, int slots = 1, int controlBytes = DefaultControlBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        _handle = handle;
        _dataBytes = dataBytes;
        _controlBytes = controlBytes;
        Slots = slots;
        var perSlot = sizeof(LinuxSocketApi.MMsgHdr) + sizeof(LinuxSocketApi.IoVec) + SockAddr.SlotBytes + controlBytes + dataBytes;
        _memory = (byte*)NativeMemory.AllocZeroed((nuint)perSlot, (nuint)slots);
        _headers = (LinuxSocketApi.MMsgHdr*)_memory;
        _vectors = (LinuxSocketApi.IoVec*)(_headers + slots);
        _names = (byte*)(_vectors + slots);
        _controls = _names + (SockAddr.SlotBytes * slots);
        _data = _controls + (controlBytes * slots);
    }

    // How many datagrams one ReceiveMany may return.
    public int Slots { get; }

    // Waits up to timeout for a datagram or an error entry. Throws ObjectDisposedException when the socket was
    // closed, IOException when poll failed.
    public SocketReadiness Poll(TimeSpan timeout)
    {
        Span<SocketReadiness> ready = stackalloc SocketReadiness[1];
        PollAll([this], ready, timeout);
        return ready[0];
    }

    // One poll(2) over every receiver (at most 8): waits up to timeout, rounded up to whole milliseconds (zero: no
    // wait), until one of them has a datagram or an error entry, and says which. Throws as Poll.
    public static SocketReadiness PollAll(ReadOnlySpan<MessageReceiver> receivers, Span<SocketReadiness> ready, TimeSpan timeout)
    {
        const int MaxReceivers = 8;
        if (receivers.Length is 0 or > MaxReceivers || ready.Length < receivers.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(receivers), receivers.Length, "1 to 8 receivers, with as many readiness slots.");
        }

        var descriptors = stackalloc LinuxSocketApi.PollFd[MaxReceivers];
        var added = 0;
        try
        {
            // Not SocketDescriptor: a ref struct cannot be kept in a list, and each handle stays referenced for the poll.
            for (; added < receivers.Length; added++)
            {
                var referenced = false;
                receivers[added]._handle.DangerousAddRef(ref referenced);
                descriptors[added] = new LinuxSocketApi.PollFd { Fd = (int)receivers[added]._handle.DangerousGetHandle(), Events = LinuxSocketApi.PollIn };
            }

            var milliseconds = (int)Math.Min(int.MaxValue, Math.Ceiling(Math.Max(0, timeout.TotalMilliseconds)));
            var result = LinuxSocketApi.Poll(descriptors, (nuint)receivers.Length, milliseconds);
            if (result < 0)
            {
                var errno = ErrnoExtensions.LastError();
                ready[..receivers.Length].Clear();
                return errno == Errno.Eintr ? SocketReadiness.None : throw new IOException($"poll on the socket failed: errno {(int)errno}");
            }

            var any = SocketReadiness.None;
            for (var i = 0; i < receivers.Length; i++)
            {
                var events = descriptors[i].Revents;
                if ((events & LinuxSocketApi.PollNval) != 0)
                {
                    throw new ObjectDisposedException(nameof(Socket));
                }

                ready[i] = ((events & LinuxSocketApi.PollIn) != 0 ? SocketReadiness.Readable : SocketReadiness.None)
                    | ((events & LinuxSocketApi.PollErr) != 0 ? SocketReadiness.ErrorQueued : SocketReadiness.None);
                any |= ready[i];
            }

            return any;
        }
        finally
        {
            for (var i = 0; i < added; i++)
            {
                receivers[i]._handle.DangerousRelease();
            }
        }
    }

    // Reads one datagram, or with errorQueue one error-queue entry, without blocking. Returns the errno on failure
    // (EAGAIN: nothing waiting), None on success. Throws ObjectDisposedException when the socket was closed.
    public Errno TryReceive(bool errorQueue, out ReceivedMessage message)
    {
        message = default;
        var errno = ReceiveOne(LinuxSocketApi.MsgDontWait | (errorQueue ? LinuxSocketApi.MsgErrQueue : 0));
        if (errno == 0)
        {
            message = Message(0);
        }

        return errno;
    }

    // Reads up to Slots datagrams without blocking, in one system call; read each with Message.
    public Errno TryReceiveMany(out int count) => ReceiveMany(LinuxSocketApi.MsgDontWait, out count);

    // Reads up to Slots datagrams in one system call (recvmsg for one slot, recvmmsg for more) with the given flags:
    // MSG_DONTWAIT to return at once, MSG_WAITFORONE to block for the first and take what else is queued. Returns
    // the errno on failure (EAGAIN: nothing waiting), None on success. Throws ObjectDisposedException when the socket
    // was closed before the call.
    public Errno ReceiveMany(int flags, out int count)
    {
        count = 0;
        if (Slots == 1)
        {
            var errno = ReceiveOne(flags);
            count = errno == 0 ? 1 : 0;
            return errno;
        }

        for (var i = 0; i < Slots; i++)
        {
            Prepare(i);
        }

        using var socket = new SocketDescriptor(_handle);
        var received = LinuxSocketApi.RecvMMsg(socket.Value, _headers, (uint)Slots, flags, null);
        if (received < 0)
        {
            return ErrnoExtensions.LastError();
        }

        count = received;
        return Errno.None;
    }

    // The slot-th datagram of the last read; its spans point into this receiver's buffers.
    public ReceivedMessage Message(int slot)
    {
        // The kernel shortens the lengths to what it wrote; never trust them beyond the buffers.
        ref var header = ref _headers[slot].Header;
        return new ReceivedMessage(
            new ReadOnlySpan<byte>(_data + ((nint)slot * _dataBytes), (int)Math.Min(_headers[slot].Length, (uint)_dataBytes)),
            new ReadOnlySpan<byte>(_names + (slot * SockAddr.SlotBytes), (int)Math.Min(header.NameLength, (uint)SockAddr.SlotBytes)),
            new ReadOnlySpan<byte>(_controls + (slot * _controlBytes), (int)Math.Min(header.ControlLength, (nuint)_controlBytes)),
            header.Flags);
    }

    private Errno ReceiveOne(int flags)
    {
        Prepare(0);
        using var socket = new SocketDescriptor(_handle);
        var received = LinuxSocketApi.RecvMsg(socket.Value, &_headers->Header, flags);
        if (received < 0)
        {
            return ErrnoExtensions.LastError();
        }

        _headers[0].Length = (uint)received;
        return Errno.None;
    }

    private void Prepare(int slot)
    {
        var vector = _vectors + slot;
        vector->Base = _data + ((nint)slot * _dataBytes);
        vector->Length = (nuint)_dataBytes;
        _headers[slot] = new LinuxSocketApi.MMsgHdr
        {
            Header = new LinuxSocketApi.MsgHdr
            {
                Name = _names + (slot * SockAddr.SlotBytes),
                NameLength = SockAddr.SlotBytes,
                Iov = vector,
                IovLength = 1,
                Control = _controlBytes == 0 ? null : _controls + (slot * _controlBytes),
                ControlLength = (nuint)_controlBytes,
            },
        };
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            NativeMemory.Free(_memory);
        }
    }
}
