// Chat: the P2P chat of seed 003 (chat.py, its GUI left out) as a console program on NetPrimitives. One peer
// listens, the other connects; each sends its nick first, then every typed line is one message, framed with
// LengthPrefixedFramer (the seed sent raw "nick #> text" bytes and had to strip "#>" from what users typed).
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NetPrimitives.Framing;
using NetPrimitives.Transport;

const string Usage = """
    usage: Chat listen [--bind ADDRESS|all] [--port N] --nick NAME
           Chat connect HOST PORT --nick NAME

      listen   wait for one peer on the port. Default 6190 (the seed's); 0 lets the system choose (the
               real port is printed). --bind defaults to 127.0.0.1; 'all' listens on every interface
      connect  connect to a listening peer: an address or a name, and its port
      --nick   the name the other peer sees (at most 32 characters)
    Type a line to send it; the peer's messages show as "<nick> text" as they arrive. /quit or end of
    input (Ctrl+D) leaves, and the other side reports that you left.
    exit codes: 0 ok, 1 network error, 2 usage error, 130 stopped with Ctrl+C
    """;

if (args.Length == 0)
{
    // No arguments is a usage error: the usage goes to stderr, as for any other bad command line.
    Console.Error.WriteLine(Usage);
    return 2;
}

if (args is ["--help" or "-h", ..])
{
    Console.WriteLine(Usage);
    return 0;
}

var address = IPAddress.Loopback;
var port = 6190;
string? nick = null;
var positional = new List<string>();
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--help" or "-h": Console.WriteLine(Usage); return 0;
        case "--nick" when i + 1 < args.Length && args[i + 1].Trim() is { Length: > 0 and <= 32 } name: nick = name; i++; break;
        case "--bind" when i + 1 < args.Length && args[i + 1] is "all" or "*": address = IPAddress.IPv6Any; i++; break;
        case "--bind" when i + 1 < args.Length && IPAddress.TryParse(args[i + 1], out var literal): address = literal; i++; break;
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out port) && port is >= 0 and <= 65535: i++; break;
        case var option when option.StartsWith('-'):
            Console.Error.WriteLine($"bad option or value: {option}\n{Usage}");
            return 2;
        default: positional.Add(args[i]); break;
    }
}

var mode = (args[0], positional, nick) switch
{
    ("listen", [], not null) => "listen",
    ("connect", [_, var p], not null) when int.TryParse(p, out port) && port is >= 1 and <= 65535 => "connect",
    _ => null,
};
if (mode is null)
{
    Console.Error.WriteLine($"bad arguments: {string.Join(' ', args)}\n{Usage}");
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
try
{
    await using var connection = mode == "connect"
        ? await TcpConnection.ConnectAsync(positional[0], port, cancellationToken: cts.Token)
        : await AcceptOnePeerAsync(address, port, cts.Token);
    return await ChatAsync(connection, nick!, cts.Token);
}
catch (SocketException ex) // TcpListener's own errors (the library wraps those of TcpConnection)
{
    Console.Error.WriteLine(mode == "listen" ? $"error: cannot listen on {address}:{port}: {ex.SocketErrorCode}" : $"error: {positional[0]}:{port}: {ex.Message}");
    return 1;
}
catch (Exception ex) when (ex is TransportException or FramingException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
catch (ArgumentException ex)
{
    // A HOST the library refuses (empty, or a name longer than 255 characters): a usage error.
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
catch (OperationCanceledException)
{
    Console.WriteLine("Stopped with Ctrl-C");
    return 130;
}

// The seed's server_socket: listen(1), take one peer, stop listening.
static async Task<TcpConnection> AcceptOnePeerAsync(IPAddress address, int port, CancellationToken stop)
{
    var listener = new TcpListener(address, port);
    if (address.Equals(IPAddress.IPv6Any))
    {
        listener.Server.DualMode = true; // IPv4 peers too
    }

    listener.Start(backlog: 1);
    try
    {
        Console.WriteLine($"Waiting for a peer on {listener.LocalEndpoint}");
        return await TcpConnection.AcceptAsync(listener, cancellationToken: stop);
    }
    finally
    {
        listener.Stop();
    }
}

static async Task<int> ChatAsync(TcpConnection connection, string nick, CancellationToken stop)
{
    // Frames of at most 64 KiB: plenty for a typed line, and a bound on what a peer can make us buffer.
    var framer = new LengthPrefixedFramer(new LengthPrefixedFramerOptions { MaxFrameLength = 64 * 1024 });
    await framer.WriteFrameAsync(connection.Output, Encoding.UTF8.GetBytes(nick), stop);
    var peerNick = await framer.ReadFrameAsync(connection.Input, stop) is { } first
        ? Encoding.UTF8.GetString(first)
        : throw new TransportException($"{connection.RemoteEndPoint} closed the connection before saying its nick.", connection.RemoteEndPoint);
    Console.WriteLine($"Chatting with {peerNick} at {connection.RemoteEndPoint}. /quit or end of input leaves");

    var incoming = ShowMessagesAsync(framer, connection.Input, peerNick, stop);
    var typing = SendTypedLinesAsync(framer, connection.Output, stop);
    if (await Task.WhenAny(incoming, typing) == typing)
    {
        await typing; // /quit or end of input
        await connection.Output.CompleteAsync(); // FIN: the peer reports that we left
        Console.WriteLine("You left the chat");
        return 0;
    }

    await incoming; // the peer left (its FIN); a reset or a bad frame throws here
    Console.WriteLine($"* {peerNick} left the chat");
    return 0;
}

static async Task ShowMessagesAsync(LengthPrefixedFramer framer, PipeReader input, string peerNick, CancellationToken stop)
{
    while (await framer.ReadFrameAsync(input, stop) is { } message)
    {
        Console.WriteLine($"<{peerNick}> {Encoding.UTF8.GetString(message)}");
    }
}

static async Task SendTypedLinesAsync(LengthPrefixedFramer framer, PipeWriter output, CancellationToken stop)
{
    // Console.ReadLine blocks; on its own thread it holds up neither the peer's messages nor Ctrl+C.
    while (await Task.Run(Console.ReadLine, stop).WaitAsync(stop) is { } line && line != "/quit")
    {
        if (line.Length > 0)
        {
            await framer.WriteFrameAsync(output, Encoding.UTF8.GetBytes(line), stop);
        }
    }
}
