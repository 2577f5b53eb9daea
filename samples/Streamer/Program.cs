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
using NetPrimitives.Samples.Cli;

// The seed's command line (argparse): the host is where the server listens or, with -c, where the client connects.
var command = ClientOrServerCommand.Create("Transmit & receive a data stream (streamer.py on NetPrimitives). The server accepts one message of at most 1 MiB.", 1060, RunServerAsync, RunClientAsync);

return await SampleApp.RunAsync(command, args);

static async Task RunServerAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
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
    try
    {
        await socket.ConnectAsync(endPoint, cancellationToken);
    }
    catch (SocketException ex)
    {
        throw new SampleException($"cannot connect to {endPoint}: {ex.Message}", ExitCodes.Failure, ex);
    }

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
