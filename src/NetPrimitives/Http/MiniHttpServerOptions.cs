using NetPrimitives.Transport;

namespace NetPrimitives.Http;

/// <summary>
/// Settings of a <see cref="MiniHttpServer"/>: where it listens and how many connections it serves at once
/// (inherited from <see cref="TcpServerOptions"/>: default <c>127.0.0.1:0</c>, 10,000 connections), the HTTP limits,
/// the Server header and response compression. Invalid values throw when set. The inherited <see cref="TransportOptions.TimeProvider"/> is the
/// server's one clock: the idle timeout, the timeouts of <see cref="HttpLimits"/>, the Date header and the access log
/// all read it.
/// </summary>
public sealed class MiniHttpServerOptions : TcpServerOptions
{
    /// <summary>Request size, count and time limits; Kestrel's defaults (see <see cref="HttpLimits"/>).</summary>
    public HttpLimits Limits { get; set => field = value ?? throw new ArgumentNullException(nameof(value)); } = new();

    /// <summary>The value of the Server header of every response, or <see langword="null"/> to send none. Default <c>NetPrimitives</c>.</summary>
    public string? ServerHeader { get; set; } = "NetPrimitives";

    /// <summary>
    /// Response compression (brotli, gzip) for the responses that gain from it, or <see langword="null"/> for none.
    /// Default <see langword="null"/>: compression costs CPU, so it is opted into.
    /// </summary>
    public HttpCompressionOptions? Compression { get; set; }
}
