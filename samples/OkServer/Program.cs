// OkServer: ls1/ls2 (seed 003) on NetPrimitives. Greets each client, then answers every line with
// "OK..." + the line, many clients at once. Try it with: nc 127.0.0.1 8888   (or telnet)
//   dotnet run --project samples/OkServer -- --port 0
using System.CommandLine;
using System.Net;
using NetPrimitives.Framing;
using NetPrimitives.Samples.Cli;
using NetPrimitives.Tcp;

var bind = SampleOptions.Bind();
var port = SampleOptions.Port(8888, server: true, "TCP port (the seed's); 0 lets the system choose");
var noGreeting = new Option<bool>("--no-greeting") { Description = "do not send \"Welcome to the server...\" on connect (ls1)" };
var command = new RootCommand("Greets each client and answers every line with \"OK...\" and the line (ls1, ls2).") { bind, port, noGreeting };
command.SetAction(async (parse, stop) =>
{
    var address = await SampleOptions.ResolveBindAsync(parse.GetValue(bind)!, stop);
    await using var server = new EchoServer(new EchoServerOptions
    {
        EndPoint = new IPEndPoint(address, parse.GetValue(port)),
        Mode = EchoMode.Lines,
        Greeting = parse.GetValue(noGreeting) ? null : "Welcome to the server. Type something and hit enter\n",
        Transform = EchoTransforms.Prefix("OK..."),
        LineFramer = new LineFramerOptions { WriteTerminator = LineTerminator.Lf },
    });
    server.ClientConnected += (_, e) => Console.WriteLine($"Connected with {e.Session.RemoteEndPoint}");
    server.ClientDisconnected += (_, e) => Console.WriteLine($"{e.Session.RemoteEndPoint} left{(e.Error is null ? "" : $": {e.Error.Message}")}");
    await server.StartAsync(stop);
    Console.WriteLine($"Socket now listening on {server.LocalEndPoint}; Ctrl+C stops");

    await stop.WhenStoppedAsync();
    using var grace = Stopping.GraceTimeout();
    await server.StopAsync(grace.Token);
    return ExitCodes.Ok;
});

return await SampleApp.RunAsync(command, args);
