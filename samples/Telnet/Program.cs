// Telnet: telnet.py (seed 003) on NetPrimitives. An interactive TCP client: what the server sends is shown
// as it arrives while the user types; each typed line is sent. Try it with: Telnet 127.0.0.1 8888 (OkServer)
using System.Text;
using NetPrimitives.Framing;
using NetPrimitives.Transport;

const string Usage = """
    usage: Telnet HOST PORT

      HOST     server to connect to: an address or a name (every address is tried)
      PORT     TCP port, 1-65535
    Lines typed are sent with CR LF; what the server sends is shown as it arrives. When the server closes
    the connection, "Connection closed" is printed. End of input (Ctrl+D) sends FIN, shows what the server
    still sends until it closes, and exits 0; Ctrl+C quits at once.
    exit codes: 0 ok, 1 cannot connect or network error, 2 usage error, 130 stopped with Ctrl+C
    """;

if (args.Length == 0)
{
    // No arguments is a usage error: the usage goes to stderr, as for any other bad command line.
    Console.Error.WriteLine(Usage);
    return 2;
}

if (args is ["--help" or "-h", ..] || args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Usage);
    return 0;
}

if (args is not [var host, var portText] || host.StartsWith('-')
    || !int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
    || port is < 1 or > 65535)
{
    Console.Error.WriteLine($"bad arguments: {string.Join(' ', args)}\n{Usage}");
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
var connected = false;
try
{
    await using var connection = await TcpConnection.ConnectAsync(host, port, cancellationToken: cts.Token);
    connected = true;
    Console.WriteLine($"Connected to remote host {connection.RemoteEndPoint}");

    // Two loops at once, like the seed's select() over stdin and the socket.
    var fromServer = ShowServerOutputAsync(connection.Input, cts.Token);
    var fromUser = SendTypedLinesAsync(connection.Output, cts.Token);
    if (await Task.WhenAny(fromServer, fromUser) == fromUser)
    {
        await fromUser; // end of input: FIN is sent; what the server still sends is shown until it closes
    }

    // When the server closes first, the pending keyboard read is simply abandoned.
    var endedAtLineStart = await fromServer;

    // The seed printed it right after the last byte ("</html>Connection closed"); a line of its own reads better.
    Console.WriteLine(endedAtLineStart ? "Connection closed" : "\nConnection closed");
    return 0;
}
catch (TransportException ex)
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
catch (System.Net.Sockets.SocketException ex)
{
    // The library wraps its socket errors in TransportException; this is the safety net.
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    if (connected)
    {
        Console.WriteLine("Connection closed"); // by us: the connection was disposed, gracefully
    }

    return 130; // Ctrl+C
}

// socket -> stdout, bytes as they come (sys.stdout.write(data)); ends at the server's FIN and tells
// whether the output ended at a line end.
static async Task<bool> ShowServerOutputAsync(System.IO.Pipelines.PipeReader input, CancellationToken stop)
{
    var stdout = Console.OpenStandardOutput(); // raw bytes: a UTF-8 character split between reads stays whole
    var atLineStart = true;
    while (true)
    {
        var result = await input.ReadAsync(stop);
        foreach (var segment in result.Buffer)
        {
            if (!segment.IsEmpty)
            {
                await stdout.WriteAsync(segment, stop);
                atLineStart = segment.Span[^1] == (byte)'\n';
            }
        }

        await stdout.FlushAsync(stop);
        input.AdvanceTo(result.Buffer.End);
        if (result.IsCompleted)
        {
            return atLineStart;
        }
    }
}

// stdin lines -> socket; at end of input, complete the output: the transport sends FIN (a half-close).
static async Task SendTypedLinesAsync(System.IO.Pipelines.PipeWriter output, CancellationToken stop)
{
    var lines = new LineFramer();
    // Console.ReadLine blocks; on its own thread it cannot hold up the server's output (or Ctrl+C).
    while (await Task.Run(Console.ReadLine, stop).WaitAsync(stop) is { } line)
    {
        await lines.WriteLineAsync(output, Encoding.UTF8.GetBytes(line), stop);
    }

    await output.CompleteAsync();
}
