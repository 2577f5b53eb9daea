// UdpUpperCase: the classic udpSimpleServer1/2 and udpSimpleClient1/2 pair on NetPrimitives.
//   dotnet run --project samples/UdpUpperCase -- server
//   dotnet run --project samples/UdpUpperCase -- client                 (sends "MixedCaseString")
//   dotnet run --project samples/UdpUpperCase -- client --interactive   ("Send: " prompt)
// Unlike the originals, the client never hangs: no server means a clear message and exit code 1.
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using NetPrimitives.Transport;
using NetPrimitives.Udp;

const string Usage = """
    Usage:
      UdpUpperCase server [--host ADDRESS] [--port N] [--unicode]
          Answer every datagram with it upper-cased (default 127.0.0.1 port 11111; port 0 lets the OS pick). Ctrl+C stops.
      UdpUpperCase client [--host HOST] [--port N] [TEXT...]
          Send TEXT (default "MixedCaseString") and print the reply and where it came from.
      UdpUpperCase client --interactive [--host HOST] [--port N]
          Prompt "Send: " for each line; an empty line, end of input or Ctrl+C ends.
    Exit codes: 0 done, 1 no answer, the port is taken or the name did not resolve, 2 bad arguments, 130 stopped with Ctrl+C.
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" || args.Contains("--help"))
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

string host = "127.0.0.1";
int port = 11111;
bool unicode = false, interactive = false;
var words = new List<string>();
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--host" when i + 1 < args.Length: host = args[++i]; break;
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out port) && port is >= 0 and < 65536: i++; break;
        case "--unicode": unicode = true; break;
        case "--interactive": interactive = true; break;
        case var flag when flag.StartsWith("--", StringComparison.Ordinal):
            Console.Error.WriteLine($"Unknown or incomplete option {flag}.\n{Usage}");
            return 2;
        default: words.Add(args[i]); break;
    }
}

// The server stops gracefully on Ctrl+C or SIGTERM; the client just ends (even while waiting at the prompt).
using var stop = new CancellationTokenSource();
var isServer = args[0] == "server";
var interrupted = false;
Console.CancelKeyPress += (_, e) => { e.Cancel = isServer; interrupted = true; stop.Cancel(); };
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = isServer; stop.Cancel(); });

switch (args[0])
{
    case "server":
    {
        if (!IPAddress.TryParse(host, out var address))
        {
            Console.Error.WriteLine($"--host must be an IP address for the server, not {host}.");
            return 2;
        }

        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        await using var server = new UpperCaseUdpServer(
            new UpperCaseUdpServerOptions
            {
                EndPoint = new IPEndPoint(address, port),
                Mode = unicode ? UpperCaseMode.Unicode : UpperCaseMode.Ascii,
                LogRequests = true, // "Connection from <addr>" for every datagram, as the original prints
            },
            logging.CreateLogger<UpperCaseUdpServer>());
        try
        {
            await server.StartAsync(stop.Token);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            // "Address already in use": the port is taken (by another server, or this one run twice).
            Console.Error.WriteLine($"Cannot listen on {address}:{port}: {ex.Message}");
            return 1;
        }

        Console.WriteLine($"Upper-casing datagrams on {server.LocalEndPoint}. Ctrl+C to stop.");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await server.StopAsync();
        Console.WriteLine($"Stopped: {server.GetStatistics()}");
        return interrupted ? 130 : 0; // Ctrl+C: 130 like the other samples; SIGTERM: a normal stop
    }

    case "client":
    {
        try
        {
            EndPoint serverEndPoint = IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
            await using var client = await UdpRequestClient.ConnectAsync(serverEndPoint, cancellationToken: stop.Token);
            if (!interactive)
            {
                var text = words.Count > 0 ? string.Join(' ', words) : "MixedCaseString";
                var reply = await client.SendAsync(Encoding.UTF8.GetBytes(text), stop.Token);
                Console.WriteLine($"received {Encoding.UTF8.GetString(reply)} from {client.RemoteEndPoint}");
                return 0;
            }

            while (!stop.IsCancellationRequested)
            {
                Console.Write("Send: ");
                var line = Console.ReadLine();
                if (string.IsNullOrEmpty(line))
                {
                    return 0;
                }

                var reply = await client.SendAsync(Encoding.UTF8.GetBytes(line), stop.Token);
                Console.WriteLine($"Recv: {Encoding.UTF8.GetString(reply)} (from {client.RemoteEndPoint})");
            }

            return 0;
        }
        catch (Exception ex) when (ex is UdpRequestTimeoutException or UdpNobodyListeningException or UdpReplyTooLargeException)
        {
            Console.Error.WriteLine($"No answer: {ex.Message}");
            return 1;
        }
        catch (TransportException ex)
        {
            // The name did not resolve, or the socket could not be set up; the message names the host and port.
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
        catch (SocketException ex)
        {
            Console.Error.WriteLine($"Cannot send to {host}:{port}: {ex.Message}");
            return 1;
        }
        catch (ArgumentException ex)
        {
            // A value the library refuses (an empty or over-long --host): a usage error.
            Console.Error.WriteLine($"Cannot send to {host}:{port}: {ex.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
    }

    default:
        Console.Error.WriteLine($"Unknown command {args[0]}.\n{Usage}");
        return 2;
}
