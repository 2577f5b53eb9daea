using System.CommandLine;
using System.Net;
using NetPrimitives.Names;

namespace NetPrimitives.Samples.Cli;

/// <summary>
/// The command line of the book's chapter 5 programs (blocks.py, streamer.py): <c>[HOST] [-c] [-p PORT]</c>. One
/// program is both sides: the server listens on HOST:PORT, with <c>-c</c> the client connects there.
/// </summary>
public static class ClientOrServerCommand
{
    public static RootCommand Create(string description, int defaultPort, Func<IPEndPoint, CancellationToken, Task> server, Func<IPEndPoint, CancellationToken, Task> client)
    {
        var host = SampleOptions.HostArgument("IP address or host name: where the server listens, where the client connects", "127.0.0.1");
        var isClient = new Option<bool>("-c") { Description = "run as the client" };
        var port = SampleOptions.Port(defaultPort, server: true, "TCP port number; 0 lets the server pick one", "-p");
        var command = new RootCommand(description) { host, isClient, port };
        command.SetAction(async (parse, stop) =>
        {
            if (parse.GetValue(isClient) && parse.GetValue(port) == 0)
            {
                throw SampleException.Usage("--port: 0 is a port only for the server (the client needs 1-65535)");
            }

            var address = await new HostResolver().GetHostByNameAsync(parse.GetValue(host)!, stop);
            var endPoint = new IPEndPoint(address, parse.GetValue(port));
            await (parse.GetValue(isClient) ? client(endPoint, stop) : server(endPoint, stop));
            return ExitCodes.Ok;
        });
        return command;
    }
}
