using System.Buffers;
using System.Text;

namespace NetPrimitives.Tcp;

/// <summary>A client connected to or disconnected from an <see cref="EchoServer"/>.</summary>
public sealed class EchoSessionEventArgs : EventArgs
{
    internal EchoSessionEventArgs(EchoSession session, Exception? error)
    {
        Session = session;
        Error = error;
    }

    /// <summary>The client's session.</summary>
    public EchoSession Session { get; }

    /// <summary>
    /// On disconnect, why the session ended abnormally: a framing error (<c>LineTooLongException</c>,
    /// <c>FrameTooLargeException</c>, <c>TruncatedFrameException</c>...), a reset or an abort. <see langword="null"/>
    /// for a normal end (the client closed, sent the empty line, or the server stopped) and on connect.
    /// </summary>
    public Exception? Error { get; }
}

/// <summary>An <see cref="EchoServer"/> received a message (before the transform runs).</summary>
public sealed class EchoMessageEventArgs : EventArgs
{
    internal EchoMessageEventArgs(EchoSession session, ReadOnlySequence<byte> message)
    {
        Session = session;
        Message = message;
    }

    /// <summary>The client's session.</summary>
    public EchoSession Session { get; }

    /// <summary>The message's bytes. Only valid during the event handler: copy what you keep.</summary>
    public ReadOnlySequence<byte> Message { get; }

    /// <summary>The message decoded as UTF-8 (invalid bytes become U+FFFD).</summary>
    /// <returns>The text.</returns>
    public string GetText() => Encoding.UTF8.GetString(Message);
}
