using System.Net.Sockets;

namespace NetPrimitives.Sockets.Linux;

// The descriptor of a socket, referenced for the length of one native call: a concurrent Dispose of the socket
// cannot close the number (and let another file reuse it) under the call. Throws ObjectDisposedException when the
// socket is already closed. Use with `using`.
internal readonly ref struct SocketDescriptor
{
    private readonly SafeSocketHandle _handle;

    public SocketDescriptor(SafeSocketHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added); // throws, added false, when the handle is closed
        _handle = handle;
        Value = (int)handle.DangerousGetHandle();
    }

    public int Value { get; }

    public void Dispose() => _handle.DangerousRelease();
}
