// Echo: echo_server_and_client.py (seed 000) and s1/s4/s5 with c4 (seed 003) on NetPrimitives.
// The client sends its command-line words, the server prints what it received and echoes it back.
using System.Net;
using System.Net.Sockets;
using System.Text;
using NetPrimitives.Names;
using NetPrimitives.Tcp;
using NetPrimitives.Transport;

const string Usage = """
    usage: Echo server [--bind ADDRESS|NAME|all] [--port N]
           Echo client [--host HOST] [--port N] WORDS...
           Echo demo WORDS...            server and client in one process, like echo_server_and_client.py

      --bind   address or host name to listen on (s4: 'localhost'); 'all' listens on every interface (s5). Default 127.0.0.1
      --host   server to connect to (a name is resolved, every address tried). Default 127.0.0.1
      --port   TCP port. Default 50000 (the seed's); 0 lets the system choose (server)
    exit codes: 0 ok, 1 network error or echo mismatch, 2 usage error, 130 stopped with Ctrl+C
    """;

if (args.Length == 0 || args is ["--help" or "-h", ..])
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

string bind = "127.0.0.1", host = "127.0.0.1";
var port = 50000;
var words = new List<string>();
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--help" or "-h": Console.WriteLine(Usage); return 0;
        case "--bind" when i + 1 < args.Length: bind = args[++i]; break;
        case "--host" when i + 1 < args.Length: host = args[++i]; break;
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out port) && port is >= 0 and <= 65535: i++; break;
        case var option when option.StartsWith("--", StringComparison.Ordinal):
            Console.Error.WriteLine($"bad option or value: {option}\n{Usage}");
            return 2;
        default: words.Add(args[i]); break;
    }
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

try
{
    switch (args[0])
    {
        case "server":
            await using (var server = await StartServerAsync(bind, port))
            {
                Console.WriteLine($"starting up on {server.LocalEndPoint}; Ctrl+C stops");
                await Task.Delay(Timeout.Infinite, cts.Token).ContinueWith(_ => { });
                Console.WriteLine("stopping");
                await server.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
            }

            return 130;
        case "client" when words.Count > 0:
            return await RunClientAsync(host, port, string.Join(' ', words), cts.Token);
        case "demo" when words.Count > 0:
            await using (var server = await StartServerAsync("127.0.0.1", 0))
            {
                var status = await RunClientAsync("127.0.0.1", server.LocalEndPoint.Port, string.Join(' ', words), cts.Token);
                await server.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
                return status;
            }

        default:
            Console.Error.WriteLine(Usage);
            return 2;
    }
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

static async Task<EchoServer> StartServerAsync(string bind, int port)
{
    var address = bind is "all" or "*" or "" ? IPAddress.IPv6Any
        : IPAddress.TryParse(bind, out var literal) ? literal
        : (await new HostResolver().GetHostByNameExAsync(bind, AddressFamilyPreference.Any)).Addresses[0];
    var server = new EchoServer(new EchoServerOptions { EndPoint = new IPEndPoint(address, port) });
    server.ClientConnected += (_, e) => Console.WriteLine($"client connected: {e.Session.RemoteEndPoint}");
    server.MessageReceived += (_, e) => Console.WriteLine($"received \"{e.GetText()}\" from {e.Session.RemoteEndPoint}");
    server.ClientDisconnected += (_, e) => Console.WriteLine($"client {e.Session.RemoteEndPoint} gone{(e.Error is null ? "" : $": {e.Error.Message}")}");
    await server.StartAsync();
    return server;
}

static async Task<int> RunClientAsync(string host, int port, string message, CancellationToken cancellationToken)
{
    await using var connection = await TcpConnection.ConnectAsync(host, port, cancellationToken: cancellationToken);
    Console.WriteLine($"connected to {connection.RemoteEndPoint}; sending \"{message}\"");
    await connection.Output.WriteAsync(Encoding.UTF8.GetBytes(message), cancellationToken);
    await connection.Output.CompleteAsync(); // FIN: the server echoes everything, then closes

    var reply = new StringBuilder();
    while (true)
    {
        var result = await connection.Input.ReadAsync(cancellationToken);
        reply.Append(Encoding.UTF8.GetString(result.Buffer));
        connection.Input.AdvanceTo(result.Buffer.End);
        if (result.IsCompleted)
        {
            break;
        }
    }

    Console.WriteLine($"echoed back \"{reply}\"");
    return reply.ToString() == message ? 0 : 1;
}
