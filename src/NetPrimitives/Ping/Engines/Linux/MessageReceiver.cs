using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NetPrimitives.Ping.Engines.Linux;

/// <summary>What poll(2) says about a socket.</summary>
[Flags]
internal enum SocketReadiness
{
    None = 0,

    /// <summary>A datagram (or a pending socket error) can be read.</summary>
    Readable = 1,

    /// <summary>The error queue holds entries (POLLERR).</summary>
    ErrorQueued = 2,
}

/// <summary>One datagram or error-queue entry as recvmsg(2) returned it; the spans point into the receiver's buffers.</summary>
internal readonly ref struct ReceivedMessage(ReadOnlySpan<byte> data, ReadOnlySpan<byte> name, ReadOnlySpan<byte> control, int flags)
{
    public ReadOnlySpan<byte> Data { get; } = data;

    /// <summary>The sockaddr: the sender of a datagram, or for an error-queue entry the probe's original destination.</summary>
    public ReadOnlySpan<byte> Name { get; } = name;

    public ReadOnlySpan<byte> Control { get; } = control;

    /// <summary>msg_flags (MSG_TRUNC, MSG_CTRUNC...).</summary>
    public int Flags { get; } = flags;
}

/// <summary>
/// poll + recvmsg on one socket's descriptor, with native buffers allocated once (the msghdr points into them, so
/// nothing is pinned per call). Used by one receive thread only. The socket's handle is referenced for the duration
/// of each call, so a concurrent Dispose cannot close the descriptor (and let another file reuse its number) under it.
/// </summary>
internal sealed unsafe class MessageReceiver : IDisposable
{
    private const int NameBytes = 128;    // sizeof(struct sockaddr_storage)
    private const int ControlBytes = 256; // an error entry with its offender (16 + 28) and a TTL, each with its header, fit many times

    private readonly SafeSocketHandle _handle;
    private readonly int _dataBytes;
    private readonly byte* _memory;
    private readonly LinuxSocketApi.MMsgHdr* _headers; // one per slot; recvmsg uses the first one's msghdr
    private readonly LinuxSocketApi.IoVec* _vectors;
    private readonly byte* _names;
    private readonly byte* _controls;
    private readonly byte* _data;

    /// <param name="handle">The socket.</param>
    /// <param name="dataBytes">The largest datagram kept whole, per slot.</param>
    /// <param name="slots">Datagrams one <see cref="TryReceiveMany"/> may return (recvmmsg(2) when more than one).</param>
    public MessageReceiver(SafeSocketHandle handle, int dataBytes, int slots = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        _handle = handle;
        _dataBytes = dataBytes;
        Slots = slots;
        var perSlot = sizeof(LinuxSocketApi.MMsgHdr) + sizeof(LinuxSocketApi.IoVec) + NameBytes + ControlBytes + dataBytes;
        _memory = (byte*)NativeMemory.AllocZeroed((nuint)perSlot, (nuint)slots);
        _headers = (LinuxSocketApi.MMsgHdr*)_memory;
        _vectors = (LinuxSocketApi.IoVec*)(_headers + slots);
        _names = (byte*)(_vectors + slots);
        _controls = _names + (NameBytes * slots);
        _data = _controls + (ControlBytes * slots);
    }

    /// <summary>How many datagrams one <see cref="TryReceiveMany"/> may return.</summary>
    public int Slots { get; }

    /// <summary>Waits up to <paramref name="timeout"/> for a datagram or an error entry.</summary>
    /// <exception cref="ObjectDisposedException">The socket was closed.</exception>
    /// <exception cref="IOException">poll failed.</exception>
    public SocketReadiness Poll(TimeSpan timeout)
    {
        Span<SocketReadiness> ready = stackalloc SocketReadiness[1];
        PollAll([this], ready, timeout);
        return ready[0];
    }

    /// <summary>
    /// One poll(2) over every receiver (at most 8): waits up to <paramref name="timeout"/>, rounded up to whole
    /// milliseconds (zero: no wait), until one of them has a datagram or an error entry, and says which.
    /// </summary>
    /// <exception cref="ObjectDisposedException">A socket was closed.</exception>
    /// <exception cref="IOException">poll failed.</exception>
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
                var errno = Marshal.GetLastPInvokeError();
                ready[..receivers.Length].Clear();
                return errno == LinuxSocketApi.Eintr ? SocketReadiness.None : throw new IOException($"poll on the ICMP socket failed: errno {errno}");
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

    /// <summary>
    /// Reads one datagram, or with <paramref name="errorQueue"/> one error-queue entry, without blocking.
    /// Returns the errno on failure (EAGAIN: nothing waiting), 0 on success.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The socket was closed.</exception>
    public int TryReceive(bool errorQueue, out ReceivedMessage message)
    {
        message = default;
        Prepare(0);
        var flags = LinuxSocketApi.MsgDontWait | (errorQueue ? LinuxSocketApi.MsgErrQueue : 0);
        var received = Call(&ReceiveOne, 1, flags);
        if (received < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        _headers[0].Length = (uint)received;
        message = Message(0);
        return 0;
    }

    /// <summary>
    /// Reads up to <see cref="Slots"/> datagrams without blocking, in one system call; read each with
    /// <see cref="Message"/>. Returns the errno on failure (EAGAIN: nothing waiting), 0 on success.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The socket was closed.</exception>
    public int TryReceiveMany(out int count)
    {
        count = 0;
        if (Slots == 1)
        {
            var errno = TryReceive(errorQueue: false, out _);
            count = errno == 0 ? 1 : 0;
            return errno;
        }

        for (var i = 0; i < Slots; i++)
        {
            Prepare(i);
        }

        var received = Call(&ReceiveMany, Slots, LinuxSocketApi.MsgDontWait);
        if (received < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        count = (int)received;
        return 0;
    }

    /// <summary>The <paramref name="slot"/>-th datagram of the last read; its spans point into this receiver's buffers.</summary>
    public ReceivedMessage Message(int slot)
    {
        // The kernel shortens the lengths to what it wrote; never trust them beyond the buffers.
        ref var header = ref _headers[slot].Header;
        return new ReceivedMessage(
            new ReadOnlySpan<byte>(_data + ((nint)slot * _dataBytes), (int)Math.Min(_headers[slot].Length, (uint)_dataBytes)),
            new ReadOnlySpan<byte>(_names + (slot * NameBytes), (int)Math.Min(header.NameLength, (uint)NameBytes)),
            new ReadOnlySpan<byte>(_controls + (slot * ControlBytes), (int)Math.Min(header.ControlLength, (nuint)ControlBytes)),
            header.Flags);
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
                Name = _names + (slot * NameBytes),
                NameLength = NameBytes,
                Iov = vector,
                IovLength = 1,
                Control = _controls + (slot * ControlBytes),
                ControlLength = ControlBytes,
            },
        };
    }

    private static nint ReceiveOne(int fd, LinuxSocketApi.MMsgHdr* headers, int slots, int flags) => LinuxSocketApi.RecvMsg(fd, &headers->Header, flags);

    private static nint ReceiveMany(int fd, LinuxSocketApi.MMsgHdr* headers, int slots, int flags) => LinuxSocketApi.RecvMMsg(fd, headers, (uint)slots, flags, null);

    // The socket's handle is referenced for the call, so a concurrent Dispose cannot close the descriptor under it.
    private nint Call(delegate*<int, LinuxSocketApi.MMsgHdr*, int, int, nint> call, int slots, int flags)
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            return call((int)_handle.DangerousGetHandle(), _headers, slots, flags);
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    public void Dispose() => NativeMemory.Free(_memory);
}
