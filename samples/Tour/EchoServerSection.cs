using System.Text;
using NetPrimitives.Framing;
using NetPrimitives.Tcp;
using NetPrimitives.Transport;

/// <summary>The Tour's EchoServer stop: an inet_08-style upper-case line server and three clients at once, on loopback.</summary>
internal static class EchoServerSection
{
    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var server = new EchoServer(new EchoServerOptions
        {
            Mode = EchoMode.Lines,
            EndOnEmptyLine = true,
            SessionNamePrefix = "Thread-",
            Transform = EchoTransforms.PrefixSessionName(then: EchoTransforms.UpperCase),
        });
        server.MessageReceived += (_, e) => Console.WriteLine($"   server: client {e.Session.Name} sent \"{e.GetText()}\"");
        await server.StartAsync(cancellationToken);
        Console.WriteLine($"   EchoServer (lines, upper-case, session names) on {server.LocalEndPoint}");

        var framer = new LineFramer();
        var clients = Enumerable.Range(1, 3).Select(async n =>
        {
            await using var connection = await TcpConnection.ConnectAsync(server.LocalEndPoint, cancellationToken: cancellationToken);
            var replies = new List<string>();
            foreach (var command in new[] { $"cmde 1 du client {n}", $"cmde 2 du client {n}" })
            {
                await framer.WriteLineAsync(connection.Output, Encoding.UTF8.GetBytes(command), cancellationToken);
                var reply = await framer.ReadLineAsync(connection.Input, cancellationToken)
                    ?? throw new InvalidOperationException("the server closed early");
                replies.Add(Encoding.UTF8.GetString(reply));
            }

            await framer.WriteLineAsync(connection.Output, ReadOnlyMemory<byte>.Empty, cancellationToken); // ends the session
            return replies;
        });

        foreach (var replies in await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken))
        {
            foreach (var reply in replies)
            {
                Console.WriteLine($"   client got: {reply}");
            }
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await server.StopAsync(grace.Token);
    }
}
