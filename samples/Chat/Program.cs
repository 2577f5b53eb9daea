// Chat: the P2P chat of seed 003 (chat.py, its GUI left out) as a console program on NetPrimitives. One peer
// listens, the other connects; each sends its nick first, then every typed line is one message, framed with
// LengthPrefixedFramer (the seed sent raw "nick #> text" bytes and had to strip "#>" from what users typed).
using System.CommandLine;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NetPrimitives.Framing;
using NetPrimitives.Samples.Cli;
using NetPrimitives.Transport;

Option<string> Nick() => new("--nick")
{
    Description = "the name the other peer sees (at most 32 characters)",
    HelpName = "NAME",
    Required = true,
    Validators =
    {
        result =>
        {
            if (result.GetValueOrDefault<string>()?.Trim() is not { Length: > 0 and <= 32 })
            {
                result.AddError("--nick: give a name of 1 to 32 characters");
            }
        },
    },
};

var bind = SampleOptions.Bind();
var port = SampleOptions.Port(6190, server: true, "TCP port (the seed's); 0 lets the system choose (the real port is printed)");
var listenNick = Nick();
var listen = new Command("listen", "wait for one peer on the port, then chat with it") { bind, port, listenNick };
listen.SetAction(async (parse, stop) =>
{
    var address = await SampleOptions.ResolveBindAsync(parse.GetValue(bind)!, stop);
    await using var connection = await AcceptOnePeerAsync(address, parse.GetValue(port), stop);
    return await ChatAsync(connection, parse.GetValue(listenNick)!.Trim(), stop);
});

var host = SampleOptions.HostArgument("the listening peer: an address or a name");
var peerPort = SampleOptions.PortArgument("its port, 1-65535");
var connectNick = Nick();
var connect = new Command("connect", "connect to a listening peer, then chat with it") { host, peerPort, connectNick };
connect.SetAction(async (parse, stop) =>
{
    await using var connection = await TcpConnection.ConnectAsync(parse.GetValue(host)!, parse.GetValue(peerPort), cancellationToken: stop);
    return await ChatAsync(connection, parse.GetValue(connectNick)!.Trim(), stop);
});

return await SampleApp.RunAsync(new RootCommand("""
    The P2P chat of seed 003 (chat.py) in a console: one peer listens, the other connects. Type a line to send
    it; the peer's messages show as "<nick> text" as they arrive. /quit or end of input (Ctrl+D) leaves, and the
    other side reports that you left.
    """)
{
    listen, connect,
}, args);

// The seed's server_socket: listen(1), take one peer, stop listening.
static async Task<TcpConnection> AcceptOnePeerAsync(IPAddress address, int port, CancellationToken stop)
{
    var listener = new TcpListener(address, port);
    if (address.Equals(IPAddress.IPv6Any))
    {
        listener.Server.DualMode = true; // IPv4 peers too
    }

    try
    {
        listener.Start(backlog: 1);
    }
    catch (SocketException ex)
    {
        throw new SampleException($"cannot listen on {address}:{port}: {ex.Message}", ExitCodes.Failure, ex);
    }

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
