// OkServer: ls1/ls2 (seed 003) on NetPrimitives. Greets each client, then answers every line with
// "OK..." + the line, many clients at once. Try it with: nc 127.0.0.1 8888   (or telnet)
using System.Net;
using System.Net.Sockets;
using NetPrimitives.Framing;
using NetPrimitives.Names;
using NetPrimitives.Tcp;
using NetPrimitives.Transport;

const string Usage = """
    usage: OkServer [--bind ADDRESS|NAME|all] [--port N] [--no-greeting]

      --bind         address or host name to listen on; 'all' listens on every interface (ls2's HOST = ''). Default 127.0.0.1
      --port         TCP port. Default 8888 (the seed's); 0 lets the system choose
      --no-greeting  do not send "Welcome to the server..." on connect (ls1)
    exit codes: 1 cannot listen, 2 usage error, 130 stopped with Ctrl+C
    """;

string bind = "127.0.0.1";
var port = 8888;
var greeting = true;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--help" or "-h": Console.WriteLine(Usage); return 0;
        case "--bind" when i + 1 < args.Length: bind = args[++i]; break;
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out port) && port is >= 0 and <= 65535: i++; break;
        case "--no-greeting": greeting = false; break;
        default:
            Console.Error.WriteLine($"bad argument: {args[i]}\n{Usage}");
            return 2;
    }
}

IPAddress address;
try
{
    address = bind is "all" or "*" or "" ? IPAddress.IPv6Any
        : IPAddress.TryParse(bind, out var literal) ? literal
        : (await new HostResolver().GetHostByNameExAsync(bind, AddressFamilyPreference.Any)).Addresses[0];
}
catch (HostResolutionException ex)
{
    // One that did not resolve is a network failure, one that is not a host name a usage error.
    Console.Error.WriteLine($"Bind failed: {ex.Message}");
    return ex is InvalidHostNameException ? 2 : 1;
}

await using var server = new EchoServer(new EchoServerOptions
{
    EndPoint = new IPEndPoint(address, port),
    Mode = EchoMode.Lines,
    Greeting = greeting ? "Welcome to the server. Type something and hit enter\n" : null,
    Transform = EchoTransforms.Prefix("OK..."),
    LineFramer = new LineFramerOptions { WriteTerminator = LineTerminator.Lf },
});
server.ClientConnected += (_, e) => Console.WriteLine($"Connected with {e.Session.RemoteEndPoint}");
server.ClientDisconnected += (_, e) => Console.WriteLine($"{e.Session.RemoteEndPoint} left{(e.Error is null ? "" : $": {e.Error.Message}")}");

try
{
    await server.StartAsync();
}
catch (Exception ex) when (ex is TransportException or SocketException) // SocketException: a safety net, the library wraps its own
{
    Console.Error.WriteLine($"Bind failed: {ex.Message}");
    return 1;
}

Console.WriteLine($"Socket now listening on {server.LocalEndPoint}; Ctrl+C stops");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
await stop.Task;
using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
await server.StopAsync(grace.Token);
return 130;
