namespace NetPrimitives.Transport;

/// <summary>
/// Buffer limits and socket settings shared by every TCP connection the library creates, on the server side
/// (<see cref="TcpServerOptions"/>) and on the client side (<see cref="TcpConnectionOptions"/>).
/// Invalid values throw <see cref="ArgumentOutOfRangeException"/> when set.
/// </summary>
public class TransportOptions
{
    private int _maxReadBufferSize = 1024 * 1024;
    private int _maxWriteBufferSize = 64 * 1024;
    private TimeSpan _closeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Bytes received but not yet consumed by the application before the transport stops reading from the
    /// socket (back-pressure: the peer's sends then stall in TCP flow control). Reading resumes below half of
    /// it. Default 1 MiB (1,048,576 bytes); must be at least 1.
    /// </summary>
    public int MaxReadBufferSize
    {
        get => _maxReadBufferSize;
        set => _maxReadBufferSize = Positive(value);
    }

    /// <summary>
    /// Bytes written by the application but not yet sent before its <c>FlushAsync</c> waits (back-pressure
    /// towards the application). Writing resumes below half of it. Default 64 KiB (65,536 bytes); must be at least 1.
    /// </summary>
    public int MaxWriteBufferSize
    {
        get => _maxWriteBufferSize;
        set => _maxWriteBufferSize = Positive(value);
    }

    /// <summary>Disables Nagle's algorithm (<c>TCP_NODELAY</c>) so small replies leave at once. Default <see langword="true"/>.</summary>
    public bool NoDelay { get; set; } = true;

    /// <summary>
    /// On a graceful close, how long the transport waits for already written bytes to be sent before it
    /// aborts the connection (a peer that never reads cannot hold a close forever). Default 5 seconds;
    /// must be positive or <see cref="Timeout.InfiniteTimeSpan"/>.
    /// </summary>
    public TimeSpan CloseTimeout
    {
        get => _closeTimeout;
        set => _closeTimeout = PositiveOrInfinite(value);
    }

    internal static int Positive(int value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, name);
        return value;
    }

    internal static TimeSpan PositiveOrInfinite(TimeSpan value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be positive or Timeout.InfiniteTimeSpan.");
        }

        return value;
    }
}
