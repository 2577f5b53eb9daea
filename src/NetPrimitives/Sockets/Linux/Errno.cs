using System.Net.Sockets;

namespace NetPrimitives.Sockets.Linux;

// The Linux error numbers the native calls return (asm-generic/errno-base.h, asm-generic/errno.h), and the
// SocketError each means, as System.Net.Sockets would report it: the one table for every caller of LinuxSocketApi.
internal static class Errno
{
    public const int Eintr = 4;
    public const int Ebadf = 9;
    public const int Eagain = 11;
    public const int Enomem = 12;
    public const int Emsgsize = 90;
    public const int Enetunreach = 101;
    public const int Econnreset = 104;
    public const int Enobufs = 105;
    public const int Econnrefused = 111;
    public const int Ehostunreach = 113;

    public static SocketError ToSocketError(int errno) => errno switch
    {
        Eintr => SocketError.Interrupted,
        Ebadf => SocketError.OperationAborted, // the descriptor was closed under the call
        Eagain => SocketError.WouldBlock,
        Enomem or Enobufs => SocketError.NoBufferSpaceAvailable,
        Emsgsize => SocketError.MessageSize,
        Enetunreach => SocketError.NetworkUnreachable,
        Econnreset => SocketError.ConnectionReset,
        Econnrefused => SocketError.ConnectionRefused,
        Ehostunreach => SocketError.HostUnreachable,
        _ => SocketError.SocketError,
    };
}
