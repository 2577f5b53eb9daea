// Streamer: streamer.py from "Foundations of Python Network Programming" (chapter 5) on NetPrimitives.
// No framing at all: the client sends its message and shuts down its sending side; the server reads
// until end of file, so the whole stream is the message.
//
//   dotnet run --project samples/Streamer                # server on 127.0.0.1:1060
//   dotnet run --project samples/Streamer -- -c          # client
using System.Net;
using System.Net.Sockets;
using System.Text;
using NetPrimitives.Framing;

const string Usage = "usage: Streamer [-h] [-c] [-p PORT] [host]";
const string Help = """
    Transmit & receive a data stream (streamer.py on NetPrimitives).

    positional arguments:
      host        IP address or host name (default: 127.0.0.1)

    options:
      -h, --help  show this help message and exit
      -c          run as the client
      -p PORT     TCP port number (default: 1060; 0 lets the server pick one)

    The server accepts one message of at most 1 MiB.
    exit codes: 0 done, 1 network error or message too large, 2 bad arguments, 130 interrupted (Ctrl+C)
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
            Console.Error.WriteLine($"Streamer: error: unrecognized or invalid argument: {args[i]}");
            return 2;
    }
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

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
    // "Streamer: nosuch.invalid: Name or service not known", "Streamer: 127.0.0.1:1060: Address already in use"
    Console.Error.WriteLine($"Streamer: {where}: {ex.Message}");
    return 1;
}
catch (ArgumentException ex)
{
    // A host name the resolver refuses (longer than 255 characters, say): a bad argument.
    Console.Error.WriteLine($"Streamer: {ex.Message}");
    return 2;
}

static async Task RunServerAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
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
    connection.Shutdown(SocketShutdown.Send); // as streamer.py: this server only listens

    // The end of the stream is the end of the message; the limit keeps an endless sender from filling memory.
    var message = await EofFramer.ReadToEndAsync(stream, EofFramer.DefaultMaxLength, cancellationToken);
    Console.WriteLine($"Received {message.Length} bytes, then zero bytes - end of file");
    Console.WriteLine("Message:");
    Console.WriteLine();
    Console.Write(Encoding.UTF8.GetString(message));
}

static async Task RunClientAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
{
    using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    Console.WriteLine($"Connecting to {endPoint}");
    await socket.ConnectAsync(endPoint, cancellationToken);
    Console.WriteLine($"Connected from {socket.LocalEndPoint}");
    socket.Shutdown(SocketShutdown.Receive); // as streamer.py: this client only talks
    string[] lines = ["Beautiful is better than ugly.\n", "Explicit is better than implicit.\n", "Simple is better than complex.\n"];
    foreach (var line in lines)
    {
        var bytes = Encoding.ASCII.GetBytes(line);
        Console.WriteLine($"Sending {bytes.Length} bytes: {line.TrimEnd('\n')}");
        await socket.SendAsync(bytes, cancellationToken);
    }

    // The FIN is the only end-of-message marker this protocol has.
    Console.WriteLine("Shutting down the sending side: that ends the message");
    socket.Shutdown(SocketShutdown.Send);
    Console.WriteLine("Done.");
}
