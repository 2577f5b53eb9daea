// Telnet: telnet.py (seed 003) on NetPrimitives. An interactive TCP client: what the server sends is shown
// as it arrives while the user types; each typed line is sent. Try it with: Telnet 127.0.0.1 8888 (OkServer)
using System.CommandLine;
using System.Text;
using NetPrimitives.Framing;
using NetPrimitives.Samples.Cli;
using NetPrimitives.Transport;

var host = SampleOptions.HostArgument("server to connect to: an address or a name (every address is tried)");
var port = SampleOptions.PortArgument("TCP port, 1-65535");
var command = new RootCommand("""
    An interactive TCP client (telnet.py). Lines typed are sent with CR LF; what the server sends is shown as it
    arrives. When the server closes the connection, "Connection closed" is printed. End of input (Ctrl+D) sends
    FIN, shows what the server still sends until it closes, and exits 0; Ctrl+C closes the connection at once.
    """) { host, port };
command.SetAction(async (parse, stop) =>
{
    await using var connection = await TcpConnection.ConnectAsync(parse.GetValue(host)!, parse.GetValue(port), cancellationToken: stop);
    Console.WriteLine($"Connected to remote host {connection.RemoteEndPoint}");
    try
    {
        // Two loops at once, like the seed's select() over stdin and the socket.
        var fromServer = ShowServerOutputAsync(connection.Input, stop);
        var fromUser = SendTypedLinesAsync(connection.Output, stop);
        if (await Task.WhenAny(fromServer, fromUser) == fromUser)
        {
            await fromUser; // end of input: FIN is sent; what the server still sends is shown until it closes
        }

        // When the server closes first, the pending keyboard read is simply abandoned.
        var endedAtLineStart = await fromServer;

        // The seed printed it right after the last byte ("</html>Connection closed"); a line of its own reads better.
        Console.WriteLine(endedAtLineStart ? "Connection closed" : "\nConnection closed");
        return ExitCodes.Ok;
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
        Console.WriteLine("Connection closed"); // by us: the connection is disposed, gracefully
        throw;
    }
});

return await SampleApp.RunAsync(command, args);

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
