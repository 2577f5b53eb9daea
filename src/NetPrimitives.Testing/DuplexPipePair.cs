using System.IO.Pipelines;

namespace NetPrimitives.Testing;

/// <summary>
/// Two connected in-memory <see cref="IDuplexPipe"/> ends: what <see cref="Client"/> writes,
/// <see cref="Server"/> reads, and the other way round. A socket without the socket, for deterministic
/// protocol tests.
/// </summary>
public sealed class DuplexPipePair
{
    private DuplexPipePair(IDuplexPipe client, IDuplexPipe server)
    {
        Client = client;
        Server = server;
    }

    /// <summary>The client's end.</summary>
    public IDuplexPipe Client { get; }

    /// <summary>The server's end.</summary>
    public IDuplexPipe Server { get; }

    /// <summary>Creates a connected pair.</summary>
    /// <param name="options">Options for both underlying pipes (thresholds, pool), or <see langword="null"/> for the defaults.</param>
    /// <returns>The pair.</returns>
    public static DuplexPipePair Create(PipeOptions? options = null)
    {
        var toServer = new Pipe(options ?? PipeOptions.Default);
        var toClient = new Pipe(options ?? PipeOptions.Default);
        return new DuplexPipePair(new End(toClient.Reader, toServer.Writer), new End(toServer.Reader, toClient.Writer));
    }

    private sealed class End(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
