// Echo: echo_server_and_client.py (seed 000) and s1/s4/s5 with c4 (seed 003) on NetPrimitives.
// The client sends its command-line words, the server prints what it received and echoes it back.
//   dotnet run --project samples/Echo -- demo hello there
//   dotnet run --project samples/Echo -- server --port 0        (--bind localhost: s4, --bind all: s5)
//   dotnet run --project samples/Echo -- client --port N hello  (c4)
// Over TLS: the server with --cert PATH [--cert-key PATH] [--cert-password P] (PFX or PEM), the client with --tls
// (the system's trust), --tls --cacert ca.pem (a private authority) or --tls --insecure (test only: any certificate).
using System.CommandLine;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using NetPrimitives.Samples.Cli;
using NetPrimitives.Tcp;
using NetPrimitives.Transport;

var bind = SampleOptions.Bind();
var serverPort = SampleOptions.Port(50000, server: true, "TCP port (the seed's); 0 lets the system choose");
var certificate = new CertificateOptions();
var server = new Command("server", "print what each client sends and echo it back, many clients at once") { bind, serverPort };
foreach (var option in certificate.All)
{
    server.Options.Add(option);
}

server.SetAction(async (parse, stop) =>
{
    using var cert = certificate.Load(parse); // null: plain TCP
    var address = await SampleOptions.ResolveBindAsync(parse.GetValue(bind)!, stop);
    var tls = cert is null ? null : new SslServerAuthenticationOptions { ServerCertificate = cert };
    await using var echo = await StartServerAsync(new IPEndPoint(address, parse.GetValue(serverPort)), tls, stop);
    Console.WriteLine($"starting up on {echo.LocalEndPoint}{(tls is null ? "" : $" (TLS, certificate {cert!.Subject})")}; Ctrl+C stops");
    await stop.WhenStoppedAsync();
    Console.WriteLine("stopping");
    using var grace = Stopping.GraceTimeout();
    await echo.StopAsync(grace.Token);
    return ExitCodes.Ok;
});

var host = SampleOptions.Host();
var clientPort = SampleOptions.Port(50000, server: false, "TCP port of the server");
var words = new Argument<string[]>("WORDS") { Description = "the message: the words, joined by spaces", Arity = ArgumentArity.OneOrMore };
var useTls = new Option<bool>("--tls") { Description = "speak TLS; the server's certificate must be valid for HOST (see --cacert, --insecure)" };
var trust = new TrustOptions();
var client = new Command("client", "send WORDS, half-close, print the echo (exit 1 if it differs)") { host, clientPort, useTls };
foreach (var option in trust.All)
{
    option.Validators.Add(result =>
    {
        if (!result.Implicit && !result.GetValue(useTls)) // Implicit: not given (--insecure's default)
        {
            result.AddError($"{option.Name}: only with --tls");
        }
    });
    client.Options.Add(option);
}

client.Arguments.Add(words);
client.SetAction((parse, stop) =>
{
    var options = new TcpConnectionOptions();
    if (parse.GetValue(useTls))
    {
        options.Tls = new SslClientAuthenticationOptions { CertificateChainPolicy = trust.ChainPolicy(parse) }; // TargetHost: HOST
        options.DangerousAcceptAnyServerCertificate = trust.AcceptAny(parse); // --insecure: for a test server only
    }

    return RunClientAsync(parse.GetValue(host)!, parse.GetValue(clientPort), string.Join(' ', parse.GetValue(words)!), options, stop);
});

var demoWords = new Argument<string[]>("WORDS") { Description = "the message", Arity = ArgumentArity.OneOrMore };
var demo = new Command("demo", "server and client in one process, like echo_server_and_client.py") { demoWords };
demo.SetAction(async (parse, stop) =>
{
    await using var echo = await StartServerAsync(new IPEndPoint(IPAddress.Loopback, 0), tls: null, stop);
    var status = await RunClientAsync("127.0.0.1", echo.LocalEndPoint.Port, string.Join(' ', parse.GetValue(demoWords)!), new TcpConnectionOptions(), stop);
    using var grace = Stopping.GraceTimeout();
    await echo.StopAsync(grace.Token);
    return status;
});

return await SampleApp.RunAsync(new RootCommand("An echo server and its client (echo_server_and_client.py, s1/s4/s5 and c4) on NetPrimitives.")
{
    server, client, demo,
}, args);

static async Task<EchoServer> StartServerAsync(IPEndPoint endPoint, SslServerAuthenticationOptions? tls, CancellationToken stop)
{
    var server = new EchoServer(new EchoServerOptions { EndPoint = endPoint, Tls = tls });
    server.ClientConnected += (_, e) => Console.WriteLine($"client connected: {e.Session.RemoteEndPoint}");
    server.MessageReceived += (_, e) => Console.WriteLine($"received \"{e.GetText()}\" from {e.Session.RemoteEndPoint}");
    server.ClientDisconnected += (_, e) => Console.WriteLine($"client {e.Session.RemoteEndPoint} gone{(e.Error is null ? "" : $": {e.Error.Message}")}");
    await server.StartAsync(stop);
    return server;
}

static async Task<int> RunClientAsync(string host, int port, string message, TcpConnectionOptions options, CancellationToken stop)
{
    await using var connection = await TcpConnection.ConnectAsync(host, port, options, cancellationToken: stop);
    Console.WriteLine($"connected to {connection.RemoteEndPoint}{(connection.TlsProtocol == SslProtocols.None ? "" : $" over {connection.TlsProtocol}")}; sending \"{message}\"");
    await connection.Output.WriteAsync(Encoding.UTF8.GetBytes(message), stop);
    await connection.Output.CompleteAsync(); // FIN: the server echoes everything, then closes

    var reply = new StringBuilder();
    while (true)
    {
        var result = await connection.Input.ReadAsync(stop);
        reply.Append(Encoding.UTF8.GetString(result.Buffer));
        connection.Input.AdvanceTo(result.Buffer.End);
        if (result.IsCompleted)
        {
            break;
        }
    }

    Console.WriteLine($"echoed back \"{reply}\"");
    return reply.ToString() == message ? ExitCodes.Ok : throw new SampleException($"the echo differs from what was sent (\"{message}\")");
}
