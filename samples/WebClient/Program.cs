// WebClient: inet_02 / c6 - a raw-socket "GET / HTTP/1.0" whose answer is saved to <site>.html.
//   dotnet run --project samples/WebClient -- 127.0.0.1 8080                       # the seed's form: SITE [PORT]
//   dotnet run --project samples/WebClient -- http://127.0.0.1:8080/time.html -o -  # a URL; the body on stdout
// The server closes the connection after an HTTP/1.0 response, so "read until the end" is the whole answer.
// The status line goes to stderr; the body (the headers too with --include) to the file.
using System.CommandLine;
using System.Text;
using NetPrimitives.Framing;
using NetPrimitives.Samples.Cli;
using NetPrimitives.Transport;

var target = new Argument<string>("URL|SITE")
{
    Description = "http://HOST[:PORT]/PATH, or (as the seed) a host name or address whose / is fetched",
    Validators = { result => { if (Request.Problem(result.GetValueOrDefault<string>()) is { } problem) { result.AddError(problem); } } },
};
var port = SampleOptions.PortArgument("TCP port for SITE (default 80); a URL carries its own");
port.Arity = ArgumentArity.ZeroOrOne;
var output = new Option<string>("--output", "-o")
{
    Description = "where the body goes: a file, or - for stdout (default: SITE.html in the current folder, as the seed)",
    HelpName = "FILE",
};
var include = new Option<bool>("--include", "-i") { Description = "save the status line and the headers too, before the body (the seed saved everything)" };
var command = new RootCommand("Fetches one page over a raw TCP connection with HTTP/1.0 (inet_02, c6) and saves its body.")
{
    target, port, output, include,
};
command.SetAction(async (parse, stop) =>
{
    var request = Request.From(parse.GetValue(target)!, parse.GetResult(port) is { Implicit: false } ? parse.GetValue(port) : null);
    var outputPath = parse.GetValue(output) ?? $"{request.Host}.html";

    await using var connection = await TcpConnection.ConnectAsync(request.Host, request.Port, new TcpConnectionOptions { ConnectTimeout = TimeSpan.FromSeconds(10) }, cancellationToken: stop);
    await connection.Output.WriteAsync(Encoding.ASCII.GetBytes($"GET {request.PathAndQuery} HTTP/1.0\r\nHost: {request.Authority}\r\n\r\n"), stop);

    // The head, line by line (at most 8 KiB a line, 100 lines), then the body: the rest of the stream.
    var lines = new LineFramer();
    var head = new StringBuilder();
    var status = await lines.ReadLineAsync(connection.Input, stop) is { } first ? Encoding.Latin1.GetString(first) : "";
    if (!status.StartsWith("HTTP/", StringComparison.Ordinal))
    {
        throw new SampleException($"{request.Authority} did not answer with an HTTP status line");
    }

    Console.Error.WriteLine(status);
    head.Append(status).Append("\r\n");
    for (var count = 0; await lines.ReadLineAsync(connection.Input, stop) is { Length: > 0 } header; count++)
    {
        head.Append(Encoding.Latin1.GetString(header)).Append("\r\n");
        if (count == 100)
        {
            throw new SampleException($"{request.Authority} sent more than 100 header lines");
        }
    }

    head.Append("\r\n");
    await using var file = outputPath == "-" ? Console.OpenStandardOutput() : File.Create(outputPath);
    if (parse.GetValue(include))
    {
        await file.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), stop);
    }

    var length = 0L;
    while (true)
    {
        var read = await connection.Input.ReadAsync(stop);
        foreach (var segment in read.Buffer)
        {
            await file.WriteAsync(segment, stop);
        }

        length += read.Buffer.Length;
        connection.Input.AdvanceTo(read.Buffer.End);
        if (read.IsCompleted)
        {
            break;
        }
    }

    Console.Error.WriteLine(outputPath == "-"
        ? $"{length} bytes of body from {request.Url}"
        : $"Saved the {(parse.GetValue(include) ? "response" : "body")} of {request.Url} to {outputPath} ({length} bytes of body).");
    return ExitCodes.Ok;
});

return await SampleApp.RunAsync(command, args);
