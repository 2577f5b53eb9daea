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
using NetPrimitives.Samples.Cli;

// blocks.py's format is the framer's default: 4-byte unsigned big-endian payload length, at most 1 MiB here.
var framer = new LengthPrefixedFramer();
// The seed's command line (argparse): the host is where the server listens or, with -c, where the client connects.
var command = ClientOrServerCommand.Create("Transmit & receive blocks over TCP (blocks.py on NetPrimitives).", 1060, RunServerAsync, RunClientAsync);

return await SampleApp.RunAsync(command, args);

async Task RunServerAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
{
    using var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
    try
    {
        listener.Bind(endPoint);
        listener.Listen(1);
    }
    catch (SocketException ex)
    {
        throw new SampleException($"cannot listen on {endPoint}: {ex.Message}", ExitCodes.Failure, ex);
    }

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
    try
    {
        await socket.ConnectAsync(endPoint, cancellationToken);
    }
    catch (SocketException ex)
    {
        throw new SampleException($"cannot connect to {endPoint}: {ex.Message}", ExitCodes.Failure, ex);
    }

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
