using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using NetPrimitives.Sockets.Linux;

namespace NetPrimitives.Udp;

/// <summary>
/// One receive loop's native buffers for recvmmsg(2) and sendmmsg(2): up to <see cref="Capacity"/> datagrams in
/// and as many replies out per system call. Allocated once per loop (two buffers of MaxDatagramSize per slot),
/// never per datagram. Linux on 64-bit only (<see cref="IsSupported"/>); layouts as in <see cref="LinuxSocketApi"/>.
/// </summary>
/// <remarks>
/// Why batch: on a busy server each reply wakes its sender, and the woken sender usually preempts the loop
/// thread as soon as <c>sendto</c> returns, so every datagram costs two context switches. Sending a batch of
/// replies in one <c>sendmmsg</c> wakes their senders together: one preemption for the batch, and by the time
/// the loop runs again their next requests are queued for one <c>recvmmsg</c>.
/// </remarks>
internal sealed unsafe class LinuxDatagramBatch : IDisposable
{
    /// <summary>sockaddr_storage: room for any address the kernel reports.</summary>
    private const int AddressSlot = 128;

    // bits/socket.h
    private const int MsgWaitForOne = 0x10000;

    private readonly int _slotSize;
    private readonly LinuxSocketApi.MMsgHdr* _receiveMessages;
    private readonly LinuxSocketApi.MMsgHdr* _sendMessages;
    private readonly LinuxSocketApi.IoVec* _vectors; // Capacity for receive, then Capacity for send
    private readonly byte* _addresses; // the same split
    private readonly byte* _data; // the same split, _slotSize bytes each
    private bool _disposed;

    public LinuxDatagramBatch(DatagramServer server, int capacity, int maxDatagramSize)
    {
        Server = server;
        Capacity = capacity;
        // One byte more than the limit, as in DatagramContext: filling it means the datagram was larger.
        _slotSize = maxDatagramSize + 1;
        _receiveMessages = (LinuxSocketApi.MMsgHdr*)NativeMemory.AllocZeroed((nuint)(2 * capacity), (nuint)sizeof(LinuxSocketApi.MMsgHdr));
        _sendMessages = _receiveMessages + capacity;
        _vectors = (LinuxSocketApi.IoVec*)NativeMemory.AllocZeroed((nuint)(2 * capacity), (nuint)sizeof(LinuxSocketApi.IoVec));
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)(2 * capacity), AddressSlot);
        _data = (byte*)NativeMemory.Alloc((nuint)(2 * capacity), (nuint)_slotSize);
        for (var i = 0; i < 2 * capacity; i++)
        {
            _vectors[i].Base = _data + ((nint)i * _slotSize);
            _receiveMessages[i].Header.Iov = _vectors + i;
            _receiveMessages[i].Header.IovLength = 1;
            _receiveMessages[i].Header.Name = _addresses + ((nint)i * AddressSlot);
        }
    }

    /// <summary>The structure layouts are right only on 64-bit Linux.</summary>
    public static bool IsSupported => LinuxSocketApi.IsSupported;

    /// <summary>The server whose replies this batch collects (a loop thread serves one server).</summary>
    public DatagramServer Server { get; }

    /// <summary>The most datagrams per recvmmsg and replies per sendmmsg.</summary>
    public int Capacity { get; }

    /// <summary>Replies queued by <see cref="TryQueueReply"/> and not yet sent.</summary>
    public int QueuedReplies { get; private set; }

    /// <summary>
    /// Receives up to <see cref="Capacity"/> datagrams: blocks for the first only (MSG_WAITFORONE), then takes
    /// what is already queued. Returns the count, or -1 with <paramref name="errno"/> set.
    /// </summary>
    public int Receive(SafeHandle socket, out int errno)
    {
        for (var i = 0; i < Capacity; i++)
        {
            _vectors[i].Length = (nuint)_slotSize;
            _receiveMessages[i].Header.NameLength = AddressSlot;
            _receiveMessages[i].Header.Flags = 0;
            _receiveMessages[i].Length = 0;
        }

        var added = false;
        socket.DangerousAddRef(ref added);
        try
        {
            var count = LinuxSocketApi.RecvMMsg((int)socket.DangerousGetHandle(), _receiveMessages, (uint)Capacity, MsgWaitForOne, null);
            errno = count < 0 ? Marshal.GetLastPInvokeError() : 0;
            return count;
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    /// <summary>The payload of received datagram <paramref name="index"/> (at most MaxDatagramSize + 1 bytes).</summary>
    public ReadOnlySpan<byte> Datagram(int index) =>
        new(_vectors[index].Base, (int)Math.Min(_receiveMessages[index].Length, (uint)_slotSize));

    /// <summary>The length the kernel reported for datagram <paramref name="index"/>.</summary>
    public int DatagramLength(int index) => (int)Math.Min(_receiveMessages[index].Length, int.MaxValue);

    /// <summary>Whether the kernel cut datagram <paramref name="index"/> short (MSG_TRUNC).</summary>
    public bool WasTruncated(int index) => (_receiveMessages[index].Header.Flags & LinuxSocketApi.MsgTrunc) != 0;

    /// <summary>Copies the sender of datagram <paramref name="index"/> into <paramref name="address"/>; false if it does not fit.</summary>
    public bool TryCopySender(int index, SocketAddress address)
    {
        var length = (int)_receiveMessages[index].Header.NameLength;
        var target = address.Buffer.Span;
        if (length > target.Length || length > AddressSlot)
        {
            return false;
        }

        new ReadOnlySpan<byte>(_addresses + ((nint)index * AddressSlot), length).CopyTo(target);
        address.Size = length;
        return true;
    }

    /// <summary>Copies a reply and its destination into the next send slot; false when the batch is full.</summary>
    public bool TryQueueReply(ReadOnlySpan<byte> reply, SocketAddress remote)
    {
        var slot = Capacity + QueuedReplies;
        if (QueuedReplies == Capacity || reply.Length >= _slotSize || remote.Size > AddressSlot)
        {
            return false;
        }

        reply.CopyTo(new Span<byte>(_vectors[slot].Base, _slotSize));
        _vectors[slot].Length = (nuint)reply.Length;
        remote.Buffer.Span[..remote.Size].CopyTo(new Span<byte>(_addresses + ((nint)slot * AddressSlot), AddressSlot));
        _sendMessages[QueuedReplies].Header.NameLength = (uint)remote.Size;
        _sendMessages[QueuedReplies].Header.Flags = 0;
        QueuedReplies++;
        return true;
    }

    /// <summary>The destination of queued reply <paramref name="index"/> (for a log line about a failed send).</summary>
    public void CopyReplyDestination(int index, SocketAddress address)
    {
        var length = (int)Math.Min(_sendMessages[index].Header.NameLength, (uint)address.Buffer.Length);
        new ReadOnlySpan<byte>(_addresses + ((nint)(Capacity + index) * AddressSlot), length).CopyTo(address.Buffer.Span);
        address.Size = length;
    }

    /// <summary>The payload length of queued reply <paramref name="index"/>.</summary>
    public int ReplyLength(int index) => (int)_vectors[Capacity + index].Length;

    /// <summary>
    /// Sends queued replies from <paramref name="first"/> on with one sendmmsg. Returns how many were sent (the
    /// reply after them, if any, failed), or -1 with <paramref name="errno"/> set when the first one failed.
    /// </summary>
    public int Send(SafeHandle socket, int first, out int errno)
    {
        var added = false;
        socket.DangerousAddRef(ref added);
        try
        {
            var count = LinuxSocketApi.SendMMsg((int)socket.DangerousGetHandle(), _sendMessages + first, (uint)(QueuedReplies - first), 0);
            errno = count < 0 ? Marshal.GetLastPInvokeError() : 0;
            return count;
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    /// <summary>Forgets the queued replies (after they were sent or given up).</summary>
    public void ClearReplies() => QueuedReplies = 0;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NativeMemory.Free(_receiveMessages);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_data);
    }
}
