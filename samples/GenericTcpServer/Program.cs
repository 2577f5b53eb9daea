// GenericTcpServer: inet_10 (seed 004) on NetPrimitives. Waits for a client, prints every line it sends, and
// sends it the lines typed at the keyboard; 'bye' typed ends. Point a browser at it to watch an HTTP request,
// then type the response by hand, as the seed does:
//   HTTP/1.1 200 OK / Content-Type: text/html / Connection: close / (empty line) / <html>...</html> / bye
using System.Buffers;
using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NetPrimitives.Framing;
using NetPrimitives.Samples.Cli;
using NetPrimitives.Transport;

var bind = SampleOptions.Bind();
var port = SampleOptions.Port(8100, server: true, "TCP port (the seed's example used 100, which needs root); 0 lets the system choose");
var command = new RootCommand("""
    A generic TCP service (inet_10): serves one client at a time. Every line the client sends is printed as
    "<--- ADDRESS : line" (control characters escaped: ESC as \x1b, TAB as \t); every line typed is sent to the
    client with CR LF. 'bye' (or end of input) closes the client's connection and ends the program; when the
    client closes first, the next one is awaited.
    """) { bind, port };
command.SetAction(async (parse, stop) =>
{
    var address = await SampleOptions.ResolveBindAsync(parse.GetValue(bind)!, stop);
    var listener = new TcpListener(address, parse.GetValue(port));
    if (address.Equals(IPAddress.IPv6Any))
    {
        listener.Server.DualMode = true; // IPv4 clients too
    }

    try
    {
        listener.Start();
    }
    catch (SocketException ex)
    {
        throw new SampleException($"cannot listen on {address}:{parse.GetValue(port)}: {ex.Message}", ExitCodes.Failure, ex);
    }

    try
    {
        return await ServeAsync(listener, stop);
    }
    finally
    {
        listener.Stop();
    }
});

return await SampleApp.RunAsync(command, args);

static async Task<int> ServeAsync(TcpListener listener, CancellationToken stop)
{
    Console.WriteLine($"Generic TCP service on {listener.LocalEndpoint}. Type lines to send them, 'bye' ends, Ctrl-C stops");
    var lines = new LineFramer();
    Task<string?>? typed = null; // the keyboard read in progress; it outlives a client that leaves
    while (true)
    {
        // Typing works before a client comes too: 'bye' ends, other lines have nobody to go to.
        var accepting = TcpConnection.AcceptAsync(listener, cancellationToken: stop).AsTask();
        while (await Task.WhenAny(typed ??= ReadTypedLineAsync(stop), accepting) == typed)
        {
            if (await typed is null or "bye")
            {
                return ExitCodes.Ok;
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
        }, stop).AsTask();

        // The seed's handler loop: send what is typed until 'bye'.
        while (await Task.WhenAny(typed ??= ReadTypedLineAsync(stop), reading) == typed)
        {
            if (await typed is not { } line || line == "bye")
            {
                return ExitCodes.Ok; // disposing the connection sends what was typed, then FIN
            }

            typed = null;
            await lines.WriteLineAsync(client.Output, Encoding.UTF8.GetBytes(line), stop);
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
