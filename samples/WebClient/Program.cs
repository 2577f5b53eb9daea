// WebClient: inet_02 / c6 - a raw-socket "GET / HTTP/1.0" that saves the whole response to <site>.html.
//   dotnet run --project samples/WebClient -- <site> [port]
// The server closes the connection after an HTTP/1.0 response, so "read until the end" is the whole answer.
using NetPrimitives.Transport;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: WebClient <site> [port]");
    return 2;
}

var site = args[0];
var port = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 80;
var fileName = $"{site}.html";
try
{
    await using var connection = await TcpConnection.ConnectAsync(site, port, new TcpConnectionOptions { ConnectTimeout = TimeSpan.FromSeconds(10) });
    await connection.Output.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET / HTTP/1.0\r\nHost: {site}\r\n\r\n"));

    await using var file = File.Create(fileName);
    await connection.Input.CopyToAsync(file);
    Console.WriteLine($"Saved the response of {site}:{port} to {fileName} ({file.Length} bytes).");
    return 0;
}
catch (TransportException ex)
{
    Console.Error.WriteLine($"Could not fetch {site}:{port}: {ex.Message}");
    return 1;
}
catch (IOException ex)
{
    Console.Error.WriteLine($"Could not write {fileName}: {ex.Message}");
    return 1;
}
