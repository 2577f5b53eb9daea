using System.ComponentModel;
using System.Runtime.InteropServices;

/// <summary>
/// One Linux epoll instance (epoll(7)), level-triggered, for the udp mode's epoll load generator. Each watched
/// file descriptor carries a caller-chosen 32-bit tag that <see cref="Wait"/> hands back. Not thread-safe: one
/// generator thread owns it.
/// </summary>
internal sealed unsafe partial class Epoll : IDisposable
{
    private const int EpollCtlAdd = 1;
    private const uint EpollIn = 0x001;
    private const int EpollCloExec = 0x80000;
    private const int Eintr = 4;

    // struct epoll_event is { uint32_t events; uint64_t data; }, packed on x86-64 (12 bytes) and naturally
    // aligned elsewhere (16 bytes), so the layout is chosen at run time rather than with a fixed StructLayout.
    private static readonly int Stride = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private readonly int _fd;
    private readonly byte* _events;
    private readonly int _capacity;

    public Epoll(int capacity)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the epoll load generator needs Linux");
        }

        _fd = epoll_create1(EpollCloExec);
        if (_fd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_create1");
        }

        _capacity = capacity;
        _events = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * Stride));
    }

    /// <summary>Watches <paramref name="fd"/> for readability; <see cref="Wait"/> reports it as <paramref name="tag"/>.</summary>
    public void AddReadable(nint fd, int tag)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = EpollIn;
        *(ulong*)(ev + DataOffset) = (uint)tag;
        if (epoll_ctl(_fd, EpollCtlAdd, (int)fd, ev) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_ctl");
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMilliseconds"/> for ready descriptors and writes their tags to
    /// <paramref name="tags"/>; returns how many (0 on timeout or a signal).
    /// </summary>
    public int Wait(Span<int> tags, int timeoutMilliseconds)
    {
        var n = epoll_wait(_fd, _events, Math.Min(_capacity, tags.Length), timeoutMilliseconds);
        if (n < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error == Eintr ? 0 : throw new Win32Exception(error, "epoll_wait");
        }

        for (var i = 0; i < n; i++)
        {
            tags[i] = (int)*(ulong*)(_events + (i * Stride) + DataOffset);
        }

        return n;
    }

    public void Dispose()
    {
        _ = close(_fd);
        NativeMemory.Free(_events);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_ctl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_wait(int epfd, byte* events, int maxEvents, int timeout);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
