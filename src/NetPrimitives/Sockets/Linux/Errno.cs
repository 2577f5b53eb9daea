using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NetPrimitives.Sockets.Linux;

// The Linux error numbers the native calls return (asm-generic/errno-base.h, asm-generic/errno.h): the one table for
// every caller of LinuxSocketApi. Others keep their number (a cast) and mean SocketError.SocketError.
internal enum Errno
{
    None = 0,
    Eintr = 4,
    Ebadf = 9,
    Eagain = 11,
    Enomem = 12,
    Emsgsize = 90,
    Enetunreach = 101,
    Econnreset = 104,
    Enobufs = 105,
    Econnrefused = 111,
    Ehostunreach = 113,
}

internal static class ErrnoExtensions
{
    // What System.Net.Sockets would report for the same failure.
    public static SocketError ToSocketError(this Errno errno) => errno switch
    {
        Errno.None => SocketError.Success,
        Errno.Eintr => SocketError.Interrupted,
        Errno.Ebadf => SocketError.OperationAborted, // the descriptor was closed under the call
        Errno.Eagain => SocketError.WouldBlock,
        Errno.Enomem or Errno.Enobufs => SocketError.NoBufferSpaceAvailable,
        Errno.Emsgsize => SocketError.MessageSize,
        Errno.Enetunreach => SocketError.NetworkUnreachable,
        Errno.Econnreset => SocketError.ConnectionReset,
        Errno.Econnrefused => SocketError.ConnectionRefused,
        Errno.Ehostunreach => SocketError.HostUnreachable,
        _ => SocketError.SocketError,
    };

    // The errno of the last [LibraryImport] call on this thread (SetLastError = true).
    public static Errno LastError() => (Errno)Marshal.GetLastPInvokeError();
}
