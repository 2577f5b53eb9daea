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
    private readonly LinuxSocketApi.MsgHdr* _header;
    private readonly LinuxSocketApi.IoVec* _vector;
    private readonly byte* _name;
    private readonly byte* _control;
    private readonly byte* _data;

    public MessageReceiver(SafeSocketHandle handle, int dataBytes)
    {
        _handle = handle;
        _dataBytes = dataBytes;
        var total = sizeof(LinuxSocketApi.MsgHdr) + sizeof(LinuxSocketApi.IoVec) + NameBytes + ControlBytes + dataBytes;
        _memory = (byte*)NativeMemory.AllocZeroed((nuint)total);
        _header = (LinuxSocketApi.MsgHdr*)_memory;
        _vector = (LinuxSocketApi.IoVec*)(_memory + sizeof(LinuxSocketApi.MsgHdr));
        _name = (byte*)(_vector + 1);
        _control = _name + NameBytes;
        _data = _control + ControlBytes;
    }

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
        _vector->Base = _data;
        _vector->Length = (nuint)_dataBytes;
        *_header = new LinuxSocketApi.MsgHdr
        {
            Name = _name,
            NameLength = NameBytes,
            Iov = _vector,
            IovLength = 1,
            Control = _control,
            ControlLength = ControlBytes,
        };

        var added = false;
        nint received;
        try
        {
            _handle.DangerousAddRef(ref added);
            var flags = LinuxSocketApi.MsgDontWait | (errorQueue ? LinuxSocketApi.MsgErrQueue : 0);
            received = LinuxSocketApi.RecvMsg((int)_handle.DangerousGetHandle(), _header, flags);
            if (received < 0)
            {
                return Marshal.GetLastPInvokeError();
            }
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }

        // The kernel shortens the lengths to what it wrote; never trust them beyond the buffers.
        message = new ReceivedMessage(
            new ReadOnlySpan<byte>(_data, (int)Math.Min((nuint)received, (nuint)_dataBytes)),
            new ReadOnlySpan<byte>(_name, (int)Math.Min(_header->NameLength, (uint)NameBytes)),
            new ReadOnlySpan<byte>(_control, (int)Math.Min(_header->ControlLength, (nuint)ControlBytes)),
            _header->Flags);
        return 0;
    }

    public void Dispose() => NativeMemory.Free(_memory);
}
