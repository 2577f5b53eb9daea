using NetPrimitives.Transport;

namespace NetPrimitives.Http;

/// <summary>
/// Limits that protect the server from oversized or slow requests. The defaults are Kestrel's
/// (KestrelServerLimits). Invalid values fail when set. The limit on concurrent connections is
/// <see cref="Transport.TcpServerOptions.MaxConnections"/>, inherited by <see cref="MiniHttpServerOptions"/>.
/// </summary>
public sealed class HttpLimits
{
    /// <summary>
    /// The largest request line (method, target, version and CRLF), in bytes. A longer one is answered with
    /// 414 URI Too Long. Default: 8,192.
    /// </summary>
    public int MaxRequestLineSize { get; set => field = TransportOptions.Positive(value); } = 8 * 1024;

    /// <summary>
    /// The largest header section (every field line with its CRLF, and the empty line), in bytes; also the
    /// limit of a chunked body's trailer section. Larger is answered with 431. Default: 32,768.
    /// </summary>
    public int MaxRequestHeadersTotalSize { get; set => field = TransportOptions.Positive(value); } = 32 * 1024;

    /// <summary>The most header fields in a request; more is answered with 431. Default: 100.</summary>
    public int MaxRequestHeaderCount { get; set => field = TransportOptions.Positive(value); } = 100;

    /// <summary>
    /// The largest request body, in bytes, or <see langword="null"/> for no limit. A larger Content-Length, or a
    /// chunked body that grows past it, is answered with 413. Default: 30,000,000.
    /// </summary>
    public long? MaxRequestBodySize
    {
        get;
        set
        {
            if (value is < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The body limit cannot be negative.");
            }

            field = value;
        }
    } = 30_000_000;

    /// <summary>
    /// How long a client may take to send a whole request head, from its first byte; after that the server
    /// answers 408 and closes. Default: 30 seconds.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; set => field = TransportOptions.PositiveOrInfinite(value); } = TimeSpan.FromSeconds(30);

    /// <summary>How long an idle kept-alive connection stays open waiting for the next request. Default: 130 seconds.</summary>
    public TimeSpan KeepAliveTimeout { get; set => field = TransportOptions.PositiveOrInfinite(value); } = TimeSpan.FromSeconds(130);

    /// <summary>
    /// The slowest average rate at which a request body may arrive, in bytes per second, once
    /// <see cref="MinRequestBodyDataRateGracePeriod"/> has passed; a slower upload is aborted (the slow-upload guard).
    /// <see langword="null"/> turns the guard off. Default: 240.
    /// </summary>
    public double? MinRequestBodyDataRate
    {
        get;
        set
        {
            if (value is <= 0 || (value is { } rate && double.IsNaN(rate)))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The minimum data rate must be positive.");
            }

            field = value;
        }
    } = 240;

    /// <summary>How long a body may arrive slower than <see cref="MinRequestBodyDataRate"/> before it is aborted. At least 1 second. Default: 5 seconds.</summary>
    public TimeSpan MinRequestBodyDataRateGracePeriod
    {
        get;
        set
        {
            if (value < TimeSpan.FromSeconds(1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The grace period must be at least 1 second.");
            }

            field = value;
        }
    } = TimeSpan.FromSeconds(5);
}
