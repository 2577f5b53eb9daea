// Blocks: blocks.py from "Foundations of Python Network Programming" (chapter 5) on NetPrimitives.
// Messages travel as length-prefixed blocks: a 4-byte big-endian length, then the bytes; an empty block
// ends the conversation. Speaks the same wire format as blocks.py, so either side can be the Python one.
//
//   dotnet run --project samples/Blocks                  # server on 127.0.0.1:1060
//   dotnet run --project samples/Blocks -- -c            # client
//   dotnet run --project samples/Blocks -- 127.0.0.1 -c -p 1061
using System.Net;
using System.Net.Sockets;
using System.Text;
using NetPrimitives.Framing;

const string Usage = "usage: Blocks [-h] [-c] [-p PORT] [host]";
const string Help = """
    Transmit & receive blocks over TCP (blocks.py on NetPrimitives).

    positional arguments:
      host        IP address or host name (default: 127.0.0.1)

    options:
      -h, --help  show this help message and exit
      -c          run as the client
      -p PORT     TCP port number (default: 1060; 0 lets the server pick one)

    exit codes: 0 done, 1 network or framing error, 2 bad arguments, 130 interrupted (Ctrl+C)
    """;

var host = "127.0.0.1";
var isClient = false;
var port = 1060;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "-h" or "--help":
            Console.WriteLine(Usage);
            Console.WriteLine();
            Console.WriteLine(Help);
            return 0;
        case "-c":
            isClient = true;
            break;
        case "-p" when i + 1 < args.Length && int.TryParse(args[i + 1], out var p) && p is >= 0 and <= 65535:
            port = p;
            i++;
            break;
        case var a when !a.StartsWith('-') && host == "127.0.0.1":
            host = a;
            break;
        default:
            Console.Error.WriteLine(Usage);
            Console.Error.WriteLine($"Blocks: error: unrecognized or invalid argument: {args[i]}");
            return 2;
    }
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

// blocks.py's format is the framer's default: 4-byte unsigned big-endian payload length, at most 1 MiB here.
var framer = new LengthPrefixedFramer();
var where = host; // what the error names: the host until it resolves, then the endpoint
try
{
    var addresses = await Dns.GetHostAddressesAsync(host, cts.Token);
    var endPoint = new IPEndPoint(addresses[0], port);
    where = endPoint.ToString();
    await (isClient ? RunClientAsync(endPoint, cts.Token) : RunServerAsync(endPoint, cts.Token));
    return 0;
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted.");
    return 130;
}
catch (Exception ex) when (ex is SocketException or IOException)
{
    // "Blocks: nosuch.invalid: Name or service not known", "Blocks: 127.0.0.1:1060: Address already in use"
    Console.Error.WriteLine($"Blocks: {where}: {ex.Message}");
    return 1;
}
catch (ArgumentException ex)
{
    // A host name the resolver refuses (longer than 255 characters, say): a bad argument.
    Console.Error.WriteLine($"Blocks: {ex.Message}");
    return 2;
}

async Task RunServerAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
{
    using var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
    listener.Bind(endPoint);
    listener.Listen(1);
    Console.WriteLine("Run this program in another window with \"-c\" to connect");
    Console.WriteLine($"Listening at {listener.LocalEndPoint}");

    using var connection = await listener.AcceptAsync(cancellationToken);
    Console.WriteLine($"Accepted connection from {connection.RemoteEndPoint}");
    await using var stream = new NetworkStream(connection, ownsSocket: false);
    connection.Shutdown(SocketShutdown.Send); // as blocks.py: this server only listens
    while (true)
    {
        var block = await framer.ReadFrameAsync(stream, cancellationToken)
            ?? throw new IOException("The client closed the connection without sending the empty block that ends the blocks.");
        if (block.Length == 0)
        {
            Console.WriteLine("Empty block: the client is done.");
            break;
        }

        Console.WriteLine($"Block says: {PythonRepr(block)}");
    }
}

async Task RunClientAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
{
    using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    Console.WriteLine($"Connecting to {endPoint}");
    await socket.ConnectAsync(endPoint, cancellationToken);
    Console.WriteLine($"Connected from {socket.LocalEndPoint}");
    await using var stream = new NetworkStream(socket, ownsSocket: false);
    socket.Shutdown(SocketShutdown.Receive); // as blocks.py: this client only talks
    string[] messages = ["Beautiful is better than ugly.", "Explicit is better than implicit.", "Simple is better than complex."];
    foreach (var message in messages)
    {
        var bytes = Encoding.ASCII.GetBytes(message);
        Console.WriteLine($"Sending a block of {bytes.Length} bytes: {PythonRepr(bytes)}");
        await framer.WriteFrameAsync(stream, bytes, cancellationToken);
    }

    Console.WriteLine("Sending an empty block to say we are done");
    await framer.WriteFrameAsync(stream, ReadOnlyMemory<byte>.Empty, cancellationToken);
    socket.Shutdown(SocketShutdown.Send);
    Console.WriteLine("Done.");
}

// The way Python prints bytes (b'...'), so the output matches blocks.py's.
static string PythonRepr(byte[] bytes)
{
    var text = new StringBuilder("b'");
    foreach (var b in bytes)
    {
        text.Append(b switch
        {
            (byte)'\\' => "\\\\",
            (byte)'\'' => "\\'",
            (byte)'\t' => "\\t",
            (byte)'\n' => "\\n",
            (byte)'\r' => "\\r",
            >= 0x20 and < 0x7F => ((char)b).ToString(),
            _ => $"\\x{b:x2}",
        });
    }

    return text.Append('\'').ToString();
}
