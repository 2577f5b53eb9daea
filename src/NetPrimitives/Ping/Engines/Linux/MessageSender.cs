using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NetPrimitives.Ping.Engines.Linux;

/// <summary>
/// Up to <see cref="Slots"/> datagrams to different addresses, sent with one sendmmsg(2). The native buffers are
/// allocated once; the socket's handle is referenced for the call (see <see cref="MessageReceiver"/>). One thread only.
/// </summary>
internal sealed unsafe class MessageSender : IDisposable
{
    private const int NameBytes = 28; // sizeof(struct sockaddr_in6)

    private readonly SafeSocketHandle _handle;
    private readonly int _packetBytes;
    private readonly byte* _memory;
    private readonly LinuxSocketApi.MMsgHdr* _headers;
    private readonly LinuxSocketApi.IoVec* _vectors;
    private readonly byte* _names;
    private readonly byte* _packets;

    public MessageSender(SafeSocketHandle handle, int packetBytes, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        _handle = handle;
        _packetBytes = packetBytes;
        Slots = slots;
        var perSlot = sizeof(LinuxSocketApi.MMsgHdr) + sizeof(LinuxSocketApi.IoVec) + NameBytes + packetBytes;
        _memory = (byte*)NativeMemory.AllocZeroed((nuint)perSlot, (nuint)slots);
        _headers = (LinuxSocketApi.MMsgHdr*)_memory;
        _vectors = (LinuxSocketApi.IoVec*)(_headers + slots);
        _names = (byte*)(_vectors + slots);
        _packets = _names + (NameBytes * slots);
    }

    public int Slots { get; }

    /// <summary>Datagrams added since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    public bool IsFull => Count == Slots;

    /// <summary>Adds a datagram to <paramref name="destination"/> and returns its packet buffer to fill.</summary>
    /// <param name="destination">Where it goes.</param>
    /// <param name="port">The port, for sockets that have ports (ICMP has none: 0).</param>
    public Span<byte> Add(IPAddress destination, ushort port = 0)
    {
        if (IsFull)
        {
            throw new InvalidOperationException("The batch is full; send it first.");
        }

        var slot = Count++;
        var name = new Span<byte>(_names + (slot * NameBytes), NameBytes);
        name.Clear();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(name[2..], port);
        int nameLength;
        if (destination.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // struct sockaddr_in6: family, port, flow info, address, scope id (host byte order where not network).
            MemoryMarshal.Write(name, (ushort)10);
            destination.TryWriteBytes(name.Slice(8, 16), out _);
            MemoryMarshal.Write(name[24..], (uint)destination.ScopeId);
            nameLength = 28;
        }
        else
        {
            // struct sockaddr_in: family, port, address.
            MemoryMarshal.Write(name, (ushort)2);
            destination.TryWriteBytes(name.Slice(4, 4), out _);
            nameLength = 16;
        }

        var vector = _vectors + slot;
        vector->Base = _packets + ((nint)slot * _packetBytes);
        vector->Length = (nuint)_packetBytes;
        _headers[slot] = new LinuxSocketApi.MMsgHdr
        {
            Header = new LinuxSocketApi.MsgHdr { Name = _names + (slot * NameBytes), NameLength = (uint)nameLength, Iov = vector, IovLength = 1 },
        };
        return new Span<byte>(_packets + ((nint)slot * _packetBytes), _packetBytes);
    }

    /// <summary>The packet in <paramref name="slot"/>, to send it alone when the batch stopped at it.</summary>
    public ReadOnlySpan<byte> Packet(int slot) => new(_packets + ((nint)slot * _packetBytes), _packetBytes);

    /// <summary>
    /// Sends the datagrams from <paramref name="first"/> on. Returns how many left (from <paramref name="first"/>), or
    /// -1 with <paramref name="errno"/> when the first of them failed: the caller decides about it and goes on after it.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The socket was closed.</exception>
    public int Send(int first, out int errno)
    {
        errno = 0;
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            var sent = LinuxSocketApi.SendMMsg((int)_handle.DangerousGetHandle(), _headers + first, (uint)(Count - first), 0);
            if (sent < 0)
            {
                errno = Marshal.GetLastPInvokeError();
            }

            return sent;
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    public void Clear() => Count = 0;

    public void Dispose() => NativeMemory.Free(_memory);
}
