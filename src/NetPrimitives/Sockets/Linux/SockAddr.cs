using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NetPrimitives.Sockets.Linux;

// The one socket-address layout of the native layer: every msg_name slot is a sockaddr_storage (128 bytes), holding a
// sockaddr_in (netinet/in.h: family, port, 4-byte address) or sockaddr_in6 (family, port, flow info, 16-byte address,
// scope id), family and scope id in host byte order, port and address in network order. On Linux a SocketAddress's
// buffer is this same sockaddr, so it is copied as bytes.
internal static class SockAddr
{
    public const int SlotBytes = 128; // sizeof(struct sockaddr_storage)

    // bits/socket.h: AF_INET, AF_INET6 (sa_family_t, unsigned short).
    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;
    private const int In4Bytes = 16; // sizeof(struct sockaddr_in)
    private const int In6Bytes = 28; // sizeof(struct sockaddr_in6)

    // Writes address and port into a slot; returns the sockaddr's length (msg_namelen).
    public static int Write(IPAddress address, ushort port, Span<byte> slot)
    {
        slot[..In6Bytes].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(slot[2..], port);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            MemoryMarshal.Write(slot, AfInet6);
            address.TryWriteBytes(slot.Slice(8, 16), out _);
            MemoryMarshal.Write(slot[24..], (uint)address.ScopeId);
            return In6Bytes;
        }

        MemoryMarshal.Write(slot, AfInet);
        address.TryWriteBytes(slot.Slice(4, 4), out _);
        return In4Bytes;
    }

    // The address of a sockaddr; null for AF_UNSPEC (the kernel's "unknown"), other families and short input.
    public static IPAddress? ReadAddress(ReadOnlySpan<byte> sockaddr)
    {
        if (sockaddr.Length < sizeof(ushort))
        {
            return null;
        }

        return MemoryMarshal.Read<ushort>(sockaddr) switch
        {
            AfInet when sockaddr.Length >= 8 => new IPAddress(sockaddr.Slice(4, 4)),
            AfInet6 when sockaddr.Length >= In6Bytes => new IPAddress(sockaddr.Slice(8, 16), MemoryMarshal.Read<uint>(sockaddr[24..])),
            _ => null,
        };
    }

    // Copies a sockaddr the kernel wrote into a reused SocketAddress (no allocation); false if it does not fit.
    public static bool TryCopyTo(ReadOnlySpan<byte> sockaddr, SocketAddress target)
    {
        if (sockaddr.Length > target.Buffer.Length)
        {
            return false;
        }

        sockaddr.CopyTo(target.Buffer.Span);
        target.Size = sockaddr.Length;
        return true;
    }

    // Copies a SocketAddress into a slot; returns the sockaddr's length, or -1 if it does not fit.
    public static int Write(SocketAddress address, Span<byte> slot)
    {
        if (address.Size > slot.Length)
        {
            return -1;
        }

        address.Buffer.Span[..address.Size].CopyTo(slot);
        return address.Size;
    }
}
