// WebClient: inet_02 / c6 - a raw-socket "GET / HTTP/1.0" that saves the whole response to <site>.html.
//   dotnet run --project samples/WebClient -- [-h] SITE [PORT]
// The server closes the connection after an HTTP/1.0 response, so "read until the end" is the whole answer.
using NetPrimitives.Transport;

const string Usage = """
    usage: WebClient [-h] SITE [PORT]

      SITE   host name or address; the response is saved to SITE.html in the current directory
      PORT   TCP port. Default 80
    exit codes: 0 saved, 1 network or file error, 2 usage error, 130 stopped with Ctrl+C
    """;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Usage);
    return 0;
}

var port = 80;
if (args.Length is < 1 or > 2 || args.Any(a => a.StartsWith('-'))
    || (args.Length == 2 && !(int.TryParse(args[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535)))
{
    Console.Error.WriteLine($"bad arguments: {string.Join(' ', args)}\n{Usage}");
    return 2;
}

var site = args[0];
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
var fileName = $"{site}.html";
try
{
    await using var connection = await TcpConnection.ConnectAsync(site, port, new TcpConnectionOptions { ConnectTimeout = TimeSpan.FromSeconds(10) }, cancellationToken: cts.Token);
    await connection.Output.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET / HTTP/1.0\r\nHost: {site}\r\n\r\n"), cts.Token);

    await using var file = File.Create(fileName);
    await connection.Input.CopyToAsync(file, cts.Token);
    Console.WriteLine($"Saved the response of {site}:{port} to {fileName} ({file.Length} bytes).");
    return 0;
}
catch (TransportException ex)
{
    Console.Error.WriteLine($"Could not fetch {site}:{port}: {ex.Message}");
    return 1;
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"Could not write {fileName}: {ex.Message}");
    return 1;
}
catch (ArgumentException ex)
{
    // A SITE the library refuses (empty, or a name longer than 255 characters): a usage error.
    Console.Error.WriteLine($"Could not fetch {site}:{port}: {ex.Message}");
    return 2;
}
catch (System.Net.Sockets.SocketException ex)
{
    // The library wraps its socket errors in TransportException; this is the safety net.
    Console.Error.WriteLine($"Could not fetch {site}:{port}: {ex.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    return 130; // Ctrl+C
}
