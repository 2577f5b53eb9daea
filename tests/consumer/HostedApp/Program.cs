// A user's hosted console app that references the NetPrimitives.Hosting package by version (tests/consumer/run.sh).
// One Generic Host runs a MiniHttpServer and an EchoServer configured from (in-memory) configuration on loopback
// port 0; the app starts the host, talks to each server, stops the host, and exits 0 only when every reply is the
// expected one and an invalid setting fails a host's start (1 otherwise). Every wait is bounded.
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NetPrimitives.Http;
using NetPrimitives.Tcp;

var timeout = TimeSpan.FromSeconds(10);
var failures = 0;

void Expect(string what, string expected, string actual)
{
    var ok = expected == actual;
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}: {actual}{(ok ? "" : $" (expected {expected})")}");
    if (!ok)
    {
        failures++;
    }
}

IHost Build(Dictionary<string, string?> settings)
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
    builder.Configuration.AddInMemoryCollection(settings);
    builder.Services.AddMiniHttpServer(builder.Configuration.GetSection("NetPrimitives:Http"))
        .Map("GET", "/hello/{name}", (request, response) => response.SendTextAsync($"hello {request.RouteValues["name"]}").AsTask());
    builder.Services.AddEchoServer(builder.Configuration.GetSection("NetPrimitives:Echo"), options => options.Transform = EchoTransforms.UpperCase);
    return builder.Build();
}

using (var host = Build(new() { ["NetPrimitives:Http:EndPoint"] = "127.0.0.1:0", ["NetPrimitives:Echo:EndPoint"] = "127.0.0.1:0", ["NetPrimitives:Echo:Mode"] = "Lines" }))
{
    await host.StartAsync().WaitAsync(timeout);

    using (var tcp = new TcpClient())
    {
        await tcp.ConnectAsync(host.Services.GetRequiredService<MiniHttpServer>().LocalEndPoint).WaitAsync(timeout);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /hello/consumer HTTP/1.1\r\nHost: consumer\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = await reader.ReadToEndAsync().WaitAsync(timeout);
        Expect("hosted MiniHttpServer body", "hello consumer", response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }

    using (var tcp = new TcpClient())
    {
        await tcp.ConnectAsync(host.Services.GetRequiredService<EchoServer>().LocalEndPoint).WaitAsync(timeout);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes("hosted echo\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        Expect("hosted EchoServer line", "HOSTED ECHO", await reader.ReadLineAsync().WaitAsync(timeout) ?? "(closed)");
    }

    await host.StopAsync().WaitAsync(timeout);
    Console.WriteLine("ok   host stopped");
}

using (var host = Build(new() { ["NetPrimitives:Http:MaxConnections"] = "-1" }))
{
    try
    {
        await host.StartAsync().WaitAsync(timeout);
        Expect("invalid setting", "start refused", "started");
    }
    catch (OptionsValidationException e)
    {
        Expect("invalid setting names its path", "True", e.Message.Contains("NetPrimitives:Http:MaxConnections", StringComparison.Ordinal).ToString());
    }
}

Console.WriteLine(failures == 0 ? "hosted app: all checks passed" : $"hosted app: {failures} check(s) failed");
return failures == 0 ? 0 : 1;
