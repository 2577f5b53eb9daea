// A user's console app that references the NetPrimitives package by version (tests/consumer/run.sh).
// It starts an EchoServer and a MiniHttpServer on loopback port 0, talks to each, and exits 0 only when
// every reply is the expected one (1 otherwise). Every wait is bounded so a bug fails instead of hanging.
using System.Net.Sockets;
using System.Text;
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

// 1. EchoServer in line mode, upper-casing, against a plain TcpClient as any other program would be.
await using (var echo = new EchoServer(new EchoServerOptions { Mode = EchoMode.Lines, Transform = EchoTransforms.UpperCase }))
{
    await echo.StartAsync().WaitAsync(timeout);
    using var tcp = new TcpClient();
    await tcp.ConnectAsync(echo.LocalEndPoint).WaitAsync(timeout);
    var stream = tcp.GetStream();
    using var reader = new StreamReader(stream, Encoding.UTF8);
    foreach (var line in new[] { "hello from a consumer", "second line" })
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n")).AsTask().WaitAsync(timeout);
        var reply = await reader.ReadLineAsync().WaitAsync(timeout);
        Expect($"EchoServer on {echo.LocalEndPoint}", line.ToUpperInvariant(), reply ?? "(connection closed)");
    }

    using var stop = new CancellationTokenSource(timeout);
    await echo.StopAsync(stop.Token);
}

// 2. MiniHttpServer with two routes, against HttpClient.
await using (var http = new MiniHttpServer(new MiniHttpServerOptions()))
{
    http.Map("GET", "/", (request, response) => response.SendTextAsync("Hello, World!").AsTask());
    http.Map("POST", "/echo", async (request, response) =>
    {
        using var body = new StreamReader(request.Body);
        await response.SendTextAsync("got " + await body.ReadToEndAsync());
    });
    await http.StartAsync().WaitAsync(timeout);
    using var client = new HttpClient { BaseAddress = new Uri($"http://{http.LocalEndPoint}/"), Timeout = timeout };
    Expect($"MiniHttpServer GET on {http.LocalEndPoint}", "Hello, World!", await client.GetStringAsync("/"));
    using var posted = await client.PostAsync("/echo", new StringContent("a form body"));
    Expect("MiniHttpServer POST", "got a form body", await posted.Content.ReadAsStringAsync());
    using var missing = await client.GetAsync("/nowhere");
    Expect("MiniHttpServer unknown path", "404", ((int)missing.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));

    using var stop = new CancellationTokenSource(timeout);
    await http.StopAsync(stop.Token);
}

Console.WriteLine(failures == 0 ? "consumer app: all replies right" : $"consumer app: {failures} wrong repl(ies)");
return failures == 0 ? 0 : 1;
