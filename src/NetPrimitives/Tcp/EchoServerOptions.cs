using NetPrimitives.Framing;
using NetPrimitives.Transport;

namespace NetPrimitives.Tcp;

/// <summary>
/// How an <see cref="EchoServer"/> listens (inherited from <see cref="TcpServerOptions"/>: endpoint, backlog,
/// <see cref="TcpServerOptions.MaxConnections"/>, <see cref="TcpServerOptions.IdleTimeout"/>, buffer limits, and
/// <see cref="TcpServerOptions.Tls"/> to echo over TLS, every mode unchanged) and what it echoes. The defaults are a
/// plain byte echo on <c>127.0.0.1</c>, port chosen by the system.
/// </summary>
public sealed class EchoServerOptions : TcpServerOptions
{
    /// <summary>What a message is: raw chunks, lines or length-prefixed frames. Default <see cref="EchoMode.Raw"/>.</summary>
    public EchoMode Mode { get; set; } = EchoMode.Raw;

    /// <summary>
    /// Turns each message into its reply. Default <see langword="null"/>: the message is echoed unchanged,
    /// copied straight from the receive buffer into the send buffer with no intermediate copy or allocation.
    /// </summary>
    public EchoTransform? Transform { get; set; }

    /// <summary>
    /// Text sent (UTF-8, verbatim: include the line ending you want) to every client as soon as it connects,
    /// such as <c>"Welcome to the server. Type something and hit enter\n"</c>. Default <see langword="null"/>: none.
    /// </summary>
    public string? Greeting { get; set; }

    /// <summary>
    /// In <see cref="EchoMode.Lines"/>, an empty line (nothing before its ending) ends the session: the server
    /// sends what is pending and closes, as many line protocols' servers do. The empty line is not echoed.
    /// Default <see langword="false"/>: only the client's close ends it.
    /// </summary>
    public bool EndOnEmptyLine { get; set; }

    /// <summary>Line ending and maximum line length for <see cref="EchoMode.Lines"/>. Default: LF or CR LF in, CR LF out, 8 KiB per line.</summary>
    public LineFramerOptions? LineFramer { get; set; }

    /// <summary>Prefix format and maximum frame length for <see cref="EchoMode.Frames"/>. Default: 4-byte big-endian length, 1 MiB per frame.</summary>
    public LengthPrefixedFramerOptions? Framer { get; set; }

    /// <summary>Start of each <see cref="EchoSession.Name"/>, followed by the session id. Default <c>"Client-"</c>.</summary>
    public string SessionNamePrefix { get; set => field = value ?? throw new ArgumentNullException(nameof(value)); } = "Client-";
}
