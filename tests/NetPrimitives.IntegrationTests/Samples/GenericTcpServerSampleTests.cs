using System.Net;
using NetPrimitives.Framing;
using NetPrimitives.IntegrationTests.Framing;
using NetPrimitives.Tests.Transport;
using NetPrimitives.Transport;

namespace NetPrimitives.IntegrationTests.Samples;

/// <summary>samples/GenericTcpServer typed into through its stdin, with a TcpConnection and an HttpClient as its clients.</summary>
public sealed class GenericTcpServerSampleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly LineFramer Lines = new();

    [Fact]
    public async Task Prints_the_clients_lines_sends_the_typed_ones_and_bye_ends_with_exit_0()
    {
        await using var server = SampleRunner.StartInteractive("GenericTcpServer", "--port", "0");
        var port = await ReadPortAsync(server);
        await using var client = await TcpConnection.ConnectAsync("127.0.0.1", port).AsTask().WaitAsync(Timeout);
        Assert.Equal("client 127.0.0.1", await server.ReadLineAsync());

        await Lines.WriteLineAsync(client.Output, "first line"u8.ToArray());
        await Lines.WriteLineAsync(client.Output, ReadOnlyMemory<byte>.Empty);
        await Lines.WriteLineAsync(client.Output, "après l'ligne vide"u8.ToArray());
        Assert.Equal("<--- 127.0.0.1 : first line", await server.ReadLineAsync());
        Assert.Equal("<--- 127.0.0.1 : ", await server.ReadLineAsync()); // the empty line too, as the seed shows
        Assert.Equal("<--- 127.0.0.1 : après l'ligne vide", await server.ReadLineAsync());

        await server.Input.WriteLineAsync("typed at the keyboard");
        var typed = await Lines.ReadLineAsync(client.Input).AsTask().WaitAsync(Timeout);
        Assert.Equal("typed at the keyboard", Encoding.UTF8.GetString(typed!));

        await server.Input.WriteLineAsync("last words");
        await server.Input.WriteLineAsync("bye");
        var (rest, error) = await PipeRead.ToEndAsync(client.Input); // the typed line, then FIN
        Assert.Null(error);
        Assert.Equal("last words\r\n", Encoding.UTF8.GetString(rest));
        Assert.Equal(0, await server.WaitForExitAsync());
    }

    [Fact]
    public async Task Shows_an_HttpClient_request_and_the_response_typed_by_hand_reaches_it()
    {
        await using var server = SampleRunner.StartInteractive("GenericTcpServer", "--port", "0");
        var port = await ReadPortAsync(server);
        using var http = new HttpClient { Timeout = Timeout };
        var request = http.GetAsync(new Uri($"http://127.0.0.1:{port}/page?x=1"));

        // The request head, line by line, ending with its empty line (seed 004, "The request received by the server").
        Assert.Equal("client 127.0.0.1", await server.ReadLineAsync());
        Assert.Equal("<--- 127.0.0.1 : GET /page?x=1 HTTP/1.1", await server.ReadLineAsync());
        var head = new List<string>();
        while (await server.ReadLineAsync() is { } line && line != "<--- 127.0.0.1 : ")
        {
            head.Add(line);
        }

        Assert.Contains($"<--- 127.0.0.1 : Host: 127.0.0.1:{port}", head);

        // The seed's response, typed line by line; 'bye' closes the connection, which ends the body.
        foreach (var line in new[]
        {
            "HTTP/1.1 200 OK", "Server: serveur tcp generique", "Connection: close", "Content-Type: text/html", "",
            "<html><body><h2>Serveur tcp generique</h2></body></html>", "bye",
        })
        {
            await server.Input.WriteLineAsync(line);
        }

        using var response = await request.WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<html><body><h2>Serveur tcp generique</h2></body></html>\r\n", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await server.WaitForExitAsync());
    }

    [Fact]
    public async Task Control_characters_and_bytes_that_are_not_UTF8_are_shown_escaped_not_sent_to_the_terminal()
    {
        await using var server = SampleRunner.StartInteractive("GenericTcpServer", "--port", "0");
        var port = await ReadPortAsync(server);
        await using var client = await TcpConnection.ConnectAsync("127.0.0.1", port).AsTask().WaitAsync(Timeout);
        Assert.Equal("client 127.0.0.1", await server.ReadLineAsync());

        // A window title (OSC ... BEL), colours (CSI ... m), a bare CR that would overwrite the line, TAB, DEL,
        // a C1 CSI (U+009B), a byte that is never UTF-8, and a sequence cut short by the line end.
        byte[][] lines =
        [
            [.. "title "u8, 0x1b, .. "]0;pwned"u8, 0x07, .. " end"u8],
            [.. "red "u8, 0x1b, .. "[31mred"u8, 0x1b, .. "[0m"u8],
            [.. "fake\rprompt$ "u8],
            [.. "tab\tdel"u8, 0x7f, .. " c1 "u8, 0xc2, 0x9b, .. "2J bad "u8, 0xff, .. " é ok, cut "u8, 0xc3],
        ];
        foreach (var line in lines)
        {
            await Lines.WriteLineAsync(client.Output, line);
        }

        Assert.Equal(@"<--- 127.0.0.1 : title \x1b]0;pwned\x07 end", await server.ReadLineAsync());
        Assert.Equal(@"<--- 127.0.0.1 : red \x1b[31mred\x1b[0m", await server.ReadLineAsync());
        Assert.Equal(@"<--- 127.0.0.1 : fake\x0dprompt$ ", await server.ReadLineAsync());
        Assert.Equal(@"<--- 127.0.0.1 : tab\tdel\x7f c1 \xc2\x9b2J bad \xff é ok, cut \xc3", await server.ReadLineAsync());

        server.Input.Close();
        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.DoesNotContain(server.Output, line => line.Any(char.IsControl));
    }

    [Fact]
    public async Task When_a_client_leaves_the_next_one_is_served()
    {
        await using var server = SampleRunner.StartInteractive("GenericTcpServer", "--port", "0");
        var port = await ReadPortAsync(server);

        await using (var first = await TcpConnection.ConnectAsync("127.0.0.1", port).AsTask().WaitAsync(Timeout))
        {
            await Lines.WriteLineAsync(first.Output, "from the first"u8.ToArray());
        }

        Assert.Equal("client 127.0.0.1", await server.ReadLineAsync());
        Assert.Equal("<--- 127.0.0.1 : from the first", await server.ReadLineAsync());
        Assert.Equal("client 127.0.0.1 closed the connection; waiting for the next one", await server.ReadLineAsync());

        await using var second = await TcpConnection.ConnectAsync("127.0.0.1", port).AsTask().WaitAsync(Timeout);
        Assert.Equal("client 127.0.0.1", await server.ReadLineAsync());
        await server.Input.WriteLineAsync("for the second");
        Assert.Equal("for the second", Encoding.UTF8.GetString((await Lines.ReadLineAsync(second.Input).AsTask().WaitAsync(Timeout))!));

        server.Input.Close(); // end of input ends like 'bye'
        Assert.Equal(0, await server.WaitForExitAsync());
    }

    [Fact]
    public async Task Ctrl_C_with_a_client_connected_closes_it_and_exits_130()
    {
        await using var server = SampleRunner.StartInteractive("GenericTcpServer", "--port", "0");
        var port = await ReadPortAsync(server);
        await using var client = await TcpConnection.ConnectAsync("127.0.0.1", port).AsTask().WaitAsync(Timeout);
        Assert.Equal("client 127.0.0.1", await server.ReadLineAsync());

        await SampleRunner.InterruptAsync(server);

        // Printed only by the sample's own handler: a process killed by the signal would exit 130 too, silently.
        Assert.Equal(130, await server.WaitForExitAsync());
        Assert.Equal("GenericTcpServer: stopped (Ctrl+C)", server.Stderr.Trim());
        var (_, error) = await PipeRead.ToEndAsync(client.Input);
        Assert.Null(error); // closed gracefully: FIN, not a reset
    }

    // "Generic TCP service on 127.0.0.1:PORT. Type lines ..." (--port 0 prints the real port).
    private static async Task<int> ReadPortAsync(ChildProcess server)
    {
        const string Prefix = "Generic TCP service on 127.0.0.1:";
        var line = await server.WaitForLineAsync(Prefix);
        var port = int.Parse(line.AsSpan(Prefix.Length, line.IndexOf('.', Prefix.Length) - Prefix.Length), System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEqual(0, port);
        return port;
    }
}
