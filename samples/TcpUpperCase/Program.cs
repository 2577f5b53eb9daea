// TcpUpperCase: tcpSimpleServer2/tcpSimpleClient2 (seed 001) and inet_08/inet_06 (seed 004) on NetPrimitives.
// The server upper-cases each line and shows who sent what; an empty line ends the client's session.
//   dotnet run --project samples/TcpUpperCase -- server --port 0 --names
//   dotnet run --project samples/TcpUpperCase -- client --port N
using System.CommandLine;
using System.Net;
using System.Text;
using NetPrimitives.Framing;
using NetPrimitives.Samples.Cli;
using NetPrimitives.Tcp;
using NetPrimitives.Transport;

var bind = SampleOptions.Bind();
var serverPort = SampleOptions.Port(2345, server: true, "TCP port (the seed's); 0 lets the system choose");
var names = new Option<bool>("--names") { Description = "prefix replies with the session name, like inet_08 (\"Thread-2: CMDE 1\")" };
var server = new Command("server", "upper-case every line, many clients at once; an empty line ends a client's session") { bind, serverPort, names };
server.SetAction(async (parse, stop) =>
{
    var address = await SampleOptions.ResolveBindAsync(parse.GetValue(bind)!, stop);
    await using var upper = new EchoServer(new EchoServerOptions
    {
        EndPoint = new IPEndPoint(address, parse.GetValue(serverPort)),
        Mode = EchoMode.Lines,
        EndOnEmptyLine = true,
        SessionNamePrefix = "Thread-",
        Transform = parse.GetValue(names) ? EchoTransforms.PrefixSessionName(then: EchoTransforms.UpperCase) : EchoTransforms.UpperCase,
    });
    upper.ClientConnected += (_, e) => Console.WriteLine($"Connected: {e.Session.RemoteEndPoint} ({e.Session.Name})");
    upper.MessageReceived += (_, e) => Console.WriteLine($"client {e.Session.RemoteEndPoint} : {e.GetText()} ({e.Session.Name})");
    upper.ClientDisconnected += (_, e) => Console.WriteLine($"Disconnected: {e.Session.Name}{(e.Error is null ? "" : $" ({e.Error.Message})")}");
    await upper.StartAsync(stop);
    Console.WriteLine($"upper-case server listening on {upper.LocalEndPoint}; Ctrl+C stops");

    await stop.WhenStoppedAsync();
    Console.WriteLine("stopping: finishing the lines already received");
    using var grace = Stopping.GraceTimeout();
    await upper.StopAsync(grace.Token);
    return ExitCodes.Ok;
});

var host = SampleOptions.Host();
var clientPort = SampleOptions.Port(2345, server: false, "TCP port of the server");
var client = new Command("client", "interactive: type lines, see the replies; an empty line (or end of input) quits") { host, clientPort };
client.SetAction(async (parse, stop) =>
{
    var framer = new LineFramer();
    await using var connection = await TcpConnection.ConnectAsync(parse.GetValue(host)!, parse.GetValue(clientPort), cancellationToken: stop);
    Console.WriteLine($"connected to {connection.RemoteEndPoint}");
    while (true)
    {
        Console.Write("Send: ");
        var line = await Task.Run(Console.ReadLine, stop).WaitAsync(stop) ?? ""; // end of input quits like an empty line
        await framer.WriteLineAsync(connection.Output, Encoding.UTF8.GetBytes(line), stop);
        if (line.Length == 0)
        {
            return ExitCodes.Ok; // the server ends the session on the empty line
        }

        var reply = await framer.ReadLineAsync(connection.Input, stop)
            ?? throw new SampleException("the server closed the connection");
        Console.WriteLine($"<-- {Encoding.UTF8.GetString(reply)}");
    }
});

return await SampleApp.RunAsync(new RootCommand("A TCP server that upper-cases lines, and its interactive client (tcpSimpleServer2/Client2, inet_08/inet_06).")
{
    server, client,
}, args);
