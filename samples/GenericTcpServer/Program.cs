// GenericTcpServer: inet_10 (seed 004) on NetPrimitives. Waits for a client, prints every line it sends, and
// sends it the lines typed at the keyboard; 'bye' typed ends. Point a browser at it to watch an HTTP request,
// then type the response by hand, as the seed does:
//   HTTP/1.1 200 OK / Content-Type: text/html / Connection: close / (empty line) / <html>...</html> / bye
using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NetPrimitives.Framing;
using NetPrimitives.Transport;

const string Usage = """
    usage: GenericTcpServer [--bind ADDRESS|all] [--port N]

      Serves one client at a time: every line the client sends is printed as "<--- ADDRESS : line";
      every line typed is sent to the client (with CR LF). Typing 'bye' (or end of input) closes the
      client's connection and ends the program. When the client closes first, the next one is awaited.
      Control characters the client sends are shown escaped (ESC as \x1b, TAB as \t), never sent to the terminal.
      --bind   address to listen on; 'all' listens on every interface. Default 127.0.0.1 (the seed's localhost)
      --port   TCP port. Default 8100 (the seed's example used 100, which needs root); 0 lets the system
               choose (the real port is printed)
    exit codes: 0 ended with 'bye', 1 cannot listen or network error, 2 usage error, 130 stopped with Ctrl+C
    """;

var address = IPAddress.Loopback;
var port = 8100;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--help" or "-h": Console.WriteLine(Usage); return 0;
        case "--bind" when i + 1 < args.Length && args[i + 1] is "all" or "*": address = IPAddress.IPv6Any; i++; break;
        case "--bind" when i + 1 < args.Length && IPAddress.TryParse(args[i + 1], out var literal): address = literal; i++; break;
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out port) && port is >= 0 and <= 65535: i++; break;
        default:
            Console.Error.WriteLine($"bad argument: {args[i]}\n{Usage}");
            return 2;
    }
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
var listener = new TcpListener(address, port);
if (address.Equals(IPAddress.IPv6Any))
{
    listener.Server.DualMode = true; // IPv4 clients too
}

try
{
    listener.Start();
    Console.WriteLine($"Generic TCP service on {listener.LocalEndpoint}. Type lines to send them, 'bye' ends, Ctrl-C stops");
    var lines = new LineFramer();
    Task<string?>? typed = null; // the keyboard read in progress; it outlives a client that leaves
    while (true)
    {
        // Typing works before a client comes too: 'bye' ends, other lines have nobody to go to.
        var accepting = TcpConnection.AcceptAsync(listener, cancellationToken: cts.Token).AsTask();
        while (await Task.WhenAny(typed ??= ReadTypedLineAsync(cts.Token), accepting) == typed)
        {
            if (await typed is null or "bye")
            {
                return 0;
            }

            typed = null;
            Console.WriteLine("(no client connected: the line was not sent)");
        }

        await using var client = await accepting;
        var who = client.RemoteEndPoint.Address.IsIPv4MappedToIPv6 ? client.RemoteEndPoint.Address.MapToIPv4() : client.RemoteEndPoint.Address;
        Console.WriteLine($"client {who}");

        // The seed's reading thread: print every line until the client closes its side.
        var reading = lines.ProcessLinesAsync(client.Input, (line, _) =>
        {
            Console.WriteLine($"<--- {who} : {Printable(line)}");
            return ValueTask.CompletedTask;
        }, cts.Token).AsTask();

        // The seed's handler loop: send what is typed until 'bye'.
        while (await Task.WhenAny(typed ??= ReadTypedLineAsync(cts.Token), reading) == typed)
        {
            if (await typed is not { } line || line == "bye")
            {
                return 0; // disposing the connection sends what was typed, then FIN
            }

            typed = null;
            await lines.WriteLineAsync(client.Output, Encoding.UTF8.GetBytes(line), cts.Token);
        }

        try
        {
            await reading;
            Console.WriteLine($"client {who} closed the connection; waiting for the next one");
        }
        catch (Exception ex) when (ex is TransportException or FramingException)
        {
            // A reset or a line over the limit ends this client, not the server.
            Console.WriteLine($"client {who} dropped: {ex.Message}; waiting for the next one");
        }
    }
}
catch (SocketException ex)
{
    Console.Error.WriteLine($"error: cannot listen on {address}:{port}: {ex.SocketErrorCode}");
    return 1;
}
catch (Exception ex) when (ex is TransportException or FramingException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    Console.WriteLine("Stopped with Ctrl-C");
    return 130;
}
finally
{
    listener.Stop();
}

// What a client sends goes to the operator's terminal: an escape sequence in it would run there (retitle the
// window, recolour or clear it, ...). Control characters are shown escaped instead, much as cat -v does:
// TAB as \t, other C0 controls, DEL and C1 controls as \xNN (their UTF-8 bytes), and so are bytes that are not UTF-8.
static string Printable(ReadOnlySequence<byte> line)
{
    var text = new StringBuilder();
    var rest = line.ToArray().AsSpan();
    while (!rest.IsEmpty)
    {
        var status = Rune.DecodeFromUtf8(rest, out var rune, out var length);
        if (status == OperationStatus.Done && rune.Value == '\t')
        {
            text.Append("\\t");
        }
        else if (status == OperationStatus.Done && !Rune.IsControl(rune))
        {
            text.Append(rune.ToString());
        }
        else
        {
            foreach (var b in rest[..length])
            {
                text.Append($"\\x{b:x2}");
            }
        }

        rest = rest[length..];
    }

    return text.ToString();
}

// Console.ReadLine blocks; on its own thread it holds up neither the client's lines nor Ctrl+C.
static Task<string?> ReadTypedLineAsync(CancellationToken stop) => Task.Run(Console.ReadLine, stop).WaitAsync(stop);
