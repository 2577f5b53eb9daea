namespace NetPrimitives.Transport;

/// <summary>Options for <see cref="TcpConnection.ConnectAsync(string, int, TcpConnectionOptions?, Microsoft.Extensions.Logging.ILogger?, CancellationToken)"/>.</summary>
public class TcpConnectionOptions : TransportOptions
{
    /// <summary>
    /// Time allowed for the whole connect: name resolution and every address tried in turn. When it runs out
    /// the connect fails with <see cref="ConnectTimeoutException"/>. Default 10 seconds; must be positive or
    /// <see cref="Timeout.InfiniteTimeSpan"/>.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set => field = PositiveOrInfinite(value); } = TimeSpan.FromSeconds(10);
}
