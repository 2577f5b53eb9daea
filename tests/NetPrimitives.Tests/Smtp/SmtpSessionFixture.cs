using Microsoft.Extensions.Logging;
using NetPrimitives.Smtp;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Smtp;

/// <summary>A client session against a <see cref="ScriptedSmtpServer"/> over in-memory pipes.</summary>
internal sealed class SmtpSessionFixture : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private SmtpSessionFixture(ScriptedSmtpServer server, Task serverRun, DuplexPipePair pair)
    {
        Server = server;
        ServerRun = serverRun;
        Pair = pair;
    }

    public ScriptedSmtpServer Server { get; }

    public Task ServerRun { get; }

    public DuplexPipePair Pair { get; }

    public SmtpClientRaw Client { get; private set; } = null!;

    public static SmtpSessionFixture StartServer(Action<ScriptedSmtpServer>? configure = null)
    {
        var pair = DuplexPipePair.Create();
        var server = new ScriptedSmtpServer(pair.Server);
        configure?.Invoke(server);
        return new SmtpSessionFixture(server, Task.Run(() => server.RunAsync()), pair);
    }

    public static async Task<SmtpSessionFixture> StartAsync(Action<ScriptedSmtpServer>? configure = null, SmtpClientRawOptions? options = null, ILogger? logger = null)
    {
        var fixture = StartServer(configure);
        fixture.Client = await fixture.ConnectAsync(options, logger);
        return fixture;
    }

    public async Task<SmtpClientRaw> ConnectAsync(SmtpClientRawOptions? options = null, ILogger? logger = null)
    {
        options ??= new SmtpClientRawOptions();
        options.LocalDomain ??= "client.test";
        return await SmtpClientRaw.StartAsync(Pair.Client, options, logger, CancellationToken.None).AsTask().WaitAsync(Patience);
    }

    public async ValueTask DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        await ServerRun.WaitAsync(Patience);
    }
}
