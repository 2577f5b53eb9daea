// UdpUpperCase: the classic udpSimpleServer1/2 and udpSimpleClient1/2 pair on NetPrimitives.
//   dotnet run --project samples/UdpUpperCase -- server
//   dotnet run --project samples/UdpUpperCase -- client                 (sends "MixedCaseString")
//   dotnet run --project samples/UdpUpperCase -- client --interactive   ("Send: " prompt)
// Unlike the originals, the client never hangs: no server means a clear message and exit code 1.
using System.CommandLine;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using NetPrimitives.Samples.Cli;
using NetPrimitives.Udp;

var bind = SampleOptions.Bind();
var serverPort = SampleOptions.Port(11111, server: true, "UDP port (the seed's); 0 lets the system choose");
var unicode = new Option<bool>("--unicode") { Description = "upper-case all of Unicode, not only ASCII letters" };
var server = new Command("server", "answer every datagram with it upper-cased") { bind, serverPort, unicode };
server.SetAction(async (parse, stop) =>
{
    var address = await SampleOptions.ResolveBindAsync(parse.GetValue(bind)!, stop);
    using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
    await using var upper = new UpperCaseUdpServer(
        new UpperCaseUdpServerOptions
        {
            EndPoint = new IPEndPoint(address, parse.GetValue(serverPort)),
            Mode = parse.GetValue(unicode) ? UpperCaseMode.Unicode : UpperCaseMode.Ascii,
            LogRequests = true, // "Connection from <addr>" for every datagram, as the original prints
        },
        logging.CreateLogger<UpperCaseUdpServer>());
    try
    {
        await upper.StartAsync(stop);
    }
    catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
    {
        // "Address already in use": the port is taken (by another server, or this one run twice).
        throw new SampleException($"cannot listen on {address}:{parse.GetValue(serverPort)}: {ex.Message}", ExitCodes.Failure, ex);
    }

    Console.WriteLine($"Upper-casing datagrams on {upper.LocalEndPoint}. Ctrl+C to stop.");
    await stop.WhenStoppedAsync();
    await upper.StopAsync();
    Console.WriteLine($"Stopped: {upper.GetStatistics()}");
    return ExitCodes.Ok;
});

var host = SampleOptions.Host();
var clientPort = SampleOptions.Port(11111, server: false, "UDP port of the server");
var interactive = new Option<bool>("--interactive") { Description = "prompt \"Send: \" for each line; an empty line or end of input ends" };
var text = new Argument<string[]>("TEXT") { Description = "what to send (default: MixedCaseString)", Arity = ArgumentArity.ZeroOrMore };
var client = new Command("client", "send TEXT and print the reply and where it came from") { host, clientPort, interactive, text };
client.SetAction(async (parse, stop) =>
{
    var name = parse.GetValue(host)!;
    var port = parse.GetValue(clientPort);
    EndPoint serverEndPoint = IPAddress.TryParse(name, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(name, port);
    await using var udp = await UdpRequestClient.ConnectAsync(serverEndPoint, cancellationToken: stop);
    if (!parse.GetValue(interactive))
    {
        var words = parse.GetValue(text)!;
        var reply = await udp.SendAsync(Encoding.UTF8.GetBytes(words.Length > 0 ? string.Join(' ', words) : "MixedCaseString"), stop);
        Console.WriteLine($"received {Encoding.UTF8.GetString(reply)} from {udp.RemoteEndPoint}");
        return ExitCodes.Ok;
    }

    while (true)
    {
        Console.Write("Send: ");
        var line = await Task.Run(Console.ReadLine, stop).WaitAsync(stop);
        if (string.IsNullOrEmpty(line))
        {
            return ExitCodes.Ok;
        }

        var reply = await udp.SendAsync(Encoding.UTF8.GetBytes(line), stop);
        Console.WriteLine($"Recv: {Encoding.UTF8.GetString(reply)} (from {udp.RemoteEndPoint})");
    }
});

return await SampleApp.RunAsync(new RootCommand("A UDP server that upper-cases datagrams, and its client (udpSimpleServer1/2, udpSimpleClient1/2).")
{
    server, client,
}, args);
