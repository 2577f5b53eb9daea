using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NetPrimitives.Sockets.Linux;

// Up to Slots datagrams to different addresses, sent with one sendmmsg(2). The native buffers are allocated once (per
// slot a msghdr, an iovec, a sockaddr_storage and packetBytes of payload); the socket's handle is referenced for each
// call (SocketDescriptor). One thread only.
internal sealed unsafe class MessageSender : IDisposable
{
    private readonly SafeSocketHandle _handle;
    private readonly int _packetBytes;
    private readonly byte* _memory;
    private readonly LinuxSocketApi.MMsgHdr* _headers;
    private readonly LinuxSocketApi.IoVec* _vectors;
    private readonly byte* _names;
    private readonly byte* _packets;
    private bool _disposed;

    public MessageSender(SafeSocketHandle handle, int packetBytes, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        _handle = handle;
        _packetBytes = packetBytes;
        Slots = slots;
        var perSlot = sizeof(LinuxSocketApi.MMsgHdr) + sizeof(LinuxSocketApi.IoVec) + SockAddr.SlotBytes + packetBytes;
        _memory = (byte*)NativeMemory.AllocZeroed((nuint)perSlot, (nuint)slots);
        _headers = (LinuxSocketApi.MMsgHdr*)_memory;
        _vectors = (LinuxSocketApi.IoVec*)(_headers + slots);
        _names = (byte*)(_vectors + slots);
        _packets = _names + (SockAddr.SlotBytes * slots);
    }

    public int Slots { get; }

    // Datagrams added since the last Clear.
    public int Count { get; private set; }

    public bool IsFull => Count == Slots;

    // Adds a datagram of packetBytes to destination (port: 0 for sockets without ports, such as ICMP) and returns
    // its packet buffer to fill. Throws InvalidOperationException when the batch is full.
    public Span<byte> Add(IPAddress destination, ushort port = 0)
    {
        if (IsFull)
        {
            throw new InvalidOperationException("The batch is full; send it first.");
        }

        var slot = Count++;
        var nameLength = SockAddr.Write(destination, port, Name(slot));
        return Fill(slot, nameLength, _packetBytes);
    }

    // Adds a copy of payload to destination; false when the batch is full or either does not fit its slot.
    public bool TryAdd(ReadOnlySpan<byte> payload, SocketAddress destination)
    {
        if (IsFull || payload.Length > _packetBytes)
        {
            return false;
        }

        var nameLength = SockAddr.Write(destination, Name(Count));
        if (nameLength < 0)
        {
            return false;
        }

        payload.CopyTo(Fill(Count++, nameLength, payload.Length));
        return true;
    }

    // The packet in slot, to send it alone when the batch stopped at it.
    public ReadOnlySpan<byte> Packet(int slot) => new(_vectors[slot].Base, (int)_vectors[slot].Length);

    // The sockaddr the packet in slot goes to (SockAddr layout).
    public ReadOnlySpan<byte> Destination(int slot) => new(_names + (slot * SockAddr.SlotBytes), (int)_headers[slot].Header.NameLength);

    // Sends the datagrams from first on. Returns how many left (from first), or -1 with errno when the first of them
    // failed: the caller decides about it and goes on after it. Throws ObjectDisposedException when the socket was closed.
    public int Send(int first, out Errno errno)
    {
        using var socket = new SocketDescriptor(_handle);
        var sent = LinuxSocketApi.SendMMsg(socket.Value, _headers + first, (uint)(Count - first), 0);
        errno = sent < 0 ? ErrnoExtensions.LastError() : Errno.None;
        return sent;
    }

    public void Clear() => Count = 0;

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            NativeMemory.Free(_memory);
        }
    }

    private Span<byte> Name(int slot) => new(_names + (slot * SockAddr.SlotBytes), SockAddr.SlotBytes);

    private Span<byte> Fill(int slot, int nameLength, int length)
    {
        var vector = _vectors + slot;
        vector->Base = _packets + ((nint)slot * _packetBytes);
        vector->Length = (nuint)length;
        _headers[slot] = new LinuxSocketApi.MMsgHdr
        {
            Header = new LinuxSocketApi.MsgHdr { Name = _names + (slot * SockAddr.SlotBytes), NameLength = (uint)nameLength, Iov = vector, IovLength = 1 },
        };
        return new Span<byte>(vector->Base, length);
    }
}
