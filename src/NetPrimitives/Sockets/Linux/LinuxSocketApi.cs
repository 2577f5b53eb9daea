using System.Runtime.InteropServices;

namespace NetPrimitives.Sockets.Linux;

// The libc calls NetPrimitives needs beyond System.Net.Sockets on Linux: recvmsg(2), for control messages and the
// socket error queue (the ICMP datagram engine); recvmmsg(2) and sendmmsg(2), for batches (the polling ping sweep and
// the UDP server's MaxBatchSize); and poll(2). Layouts are those of 64-bit Linux (x86-64 and arm64 share them);
// IsSupported guards every use. Callers go through MessageReceiver and MessageSender, which hold the socket's
// SafeSocketHandle and reference it for each call (SocketDescriptor); errno values are in Errno, sockaddr in SockAddr.
internal static unsafe partial class LinuxSocketApi
{
    // bits/socket_type.h + bits/socket.h (enum MSG_*)
    public const int MsgCtrunc = 0x08;
    public const int MsgTrunc = 0x20;
    public const int MsgDontWait = 0x40;
    public const int MsgErrQueue = 0x2000;
    public const int MsgWaitForOne = 0x10000;

    // asm-generic/poll.h
    public const short PollIn = 0x001;
    public const short PollErr = 0x008;
    public const short PollNval = 0x020;

    // Loads glibc by its run-time name. "libc" alone is probed by the runtime as libc.so (on glibc a linker script that
    // dlopen refuses), liblibc.so and libc, in the application's folder and then along the library path: 75 failed
    // opens and stats before the first call (strace of the PingSweep sample, issue 21). Where there is no libc.so.6
    // (musl), or the application set a resolver for this assembly already, the runtime's probing runs as before.
    static LinuxSocketApi()
    {
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(LinuxSocketApi).Assembly, static (name, _, _) =>
                name == "libc" && OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out var glibc) ? glibc : IntPtr.Zero);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>The structure layouts below are right only on 64-bit Linux.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && IntPtr.Size == 8;

    /// <summary>bits/types/struct_iovec.h: <c>struct iovec { void *iov_base; size_t iov_len; }</c> (16 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>
    /// bits/socket.h: <c>struct msghdr { void *msg_name; socklen_t msg_namelen; struct iovec *msg_iov; size_t msg_iovlen;
    /// void *msg_control; size_t msg_controllen; int msg_flags; }</c> (56 bytes; 4 bytes of padding after msg_namelen).
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>bits/socket.h: <c>struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }</c> (64 bytes), for recvmmsg(2).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    /// <summary>poll.h: <c>struct pollfd { int fd; short events; short revents; }</c> (8 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint RecvMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMMsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMMsg(int fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);
}
