// TcpUpperCase: tcpSimpleServer2/tcpSimpleClient2 (seed 001) and inet_08/inet_06 (seed 004) on NetPrimitives.
// The server upper-cases each line and shows who sent what; an empty line ends the client's session.
using System.Net;
using System.Net.Sockets;
using System.Text;
using NetPrimitives.Framing;
using NetPrimitives.Names;
using NetPrimitives.Tcp;
using NetPrimitives.Transport;

const string Usage = """
    usage: TcpUpperCase server [--bind ADDRESS|NAME|all] [--port N] [--names]
           TcpUpperCase client [--host HOST] [--port N]

      server   upper-cases every line, many clients at once; an empty line ends a client's session
      --names  prefix replies with the session name, like inet_08 ("Thread-2: CMDE 1")
      client   interactive: type lines, see the replies; an empty line (or end of input) quits
      --bind   address or host name to listen on; 'all' listens on every interface. Default 127.0.0.1
      --host   server to connect to. Default 127.0.0.1
      --port   TCP port. Default 2345 (the seed's); 0 lets the system choose (server)
    exit codes: 0 ok, 1 network error, 2 usage error, 130 stopped with Ctrl+C
    """;

if (args.Length == 0 || args is ["--help" or "-h", ..])
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

string bind = "127.0.0.1", host = "127.0.0.1";
var port = 2345;
var names = false;
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--help" or "-h": Console.WriteLine(Usage); return 0;
        case "--bind" when i + 1 < args.Length: bind = args[++i]; break;
        case "--host" when i + 1 < args.Length: host = args[++i]; break;
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out port) && port is >= 0 and <= 65535: i++; break;
        case "--names": names = true; break;
        default:
            Console.Error.WriteLine($"bad argument: {args[i]}\n{Usage}");
            return 2;
    }
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
try
{
    return args[0] switch
    {
        "server" => await RunServerAsync(bind, port, names, cts.Token),
        "client" => await RunClientAsync(host, port, cts.Token),
        _ => Fail(),
    };
}
catch (TransportException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
catch (HostResolutionException ex)
{
    // --bind NAME: one that did not resolve is a network failure, one that is not a host name a usage error.
    Console.Error.WriteLine($"error: cannot listen: {ex.Message}");
    return ex is InvalidHostNameException ? 2 : 1;
}
catch (ArgumentException ex)
{
    // A value the library refuses (an empty or over-long --host): a usage error.
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
catch (SocketException ex)
{
    // The library wraps its socket errors in TransportException; this is the safety net.
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    return 130; // Ctrl+C
}

static int Fail()
{
    Console.Error.WriteLine(Usage);
    return 2;
}

static async Task<int> RunServerAsync(string bind, int port, bool names, CancellationToken stop)
{
    var address = bind is "all" or "*" or "" ? IPAddress.IPv6Any
        : IPAddress.TryParse(bind, out var literal) ? literal
        : (await new HostResolver().GetHostByNameExAsync(bind, AddressFamilyPreference.Any, stop)).Addresses[0];
    await using var server = new EchoServer(new EchoServerOptions
    {
        EndPoint = new IPEndPoint(address, port),
        Mode = EchoMode.Lines,
        EndOnEmptyLine = true,
        SessionNamePrefix = "Thread-",
        Transform = names ? EchoTransforms.PrefixSessionName(then: EchoTransforms.UpperCase) : EchoTransforms.UpperCase,
    });
    server.ClientConnected += (_, e) => Console.WriteLine($"Connected: {e.Session.RemoteEndPoint} ({e.Session.Name})");
    server.MessageReceived += (_, e) => Console.WriteLine($"client {e.Session.RemoteEndPoint} : {e.GetText()} ({e.Session.Name})");
    server.ClientDisconnected += (_, e) => Console.WriteLine($"Disconnected: {e.Session.Name}{(e.Error is null ? "" : $" ({e.Error.Message})")}");
    await server.StartAsync(stop);
    Console.WriteLine($"upper-case server listening on {server.LocalEndPoint}; Ctrl+C stops");

    await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { });
    Console.WriteLine("stopping: finishing the lines already received");
    using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
    await server.StopAsync(grace.Token);
    return 130;
}

static async Task<int> RunClientAsync(string host, int port, CancellationToken stop)
{
    var framer = new LineFramer();
    await using var connection = await TcpConnection.ConnectAsync(host, port, cancellationToken: stop);
    Console.WriteLine($"connected to {connection.RemoteEndPoint}");
    while (true)
    {
        Console.Write("Send: ");
        var line = Console.ReadLine() ?? ""; // end of input quits like an empty line
        await framer.WriteLineAsync(connection.Output, Encoding.UTF8.GetBytes(line), stop);
        if (line.Length == 0)
        {
            return 0; // the server ends the session on the empty line
        }

        var reply = await framer.ReadLineAsync(connection.Input, stop);
        if (reply is null)
        {
            Console.WriteLine("the server closed the connection");
            return 1;
        }

        Console.WriteLine($"<-- {Encoding.UTF8.GetString(reply)}");
    }
}
