using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;

namespace NetPrimitives.Transport;

/// <summary>
/// Buffer limits and socket settings shared by every TCP connection the library creates, on the server side
/// (<see cref="TcpServerOptions"/>) and on the client side (<see cref="TcpConnectionOptions"/>).
/// Invalid values throw <see cref="ArgumentOutOfRangeException"/> when set.
/// </summary>
public class TransportOptions
{
    /// <summary>
    /// Bytes received but not yet consumed by the application before the transport stops reading from the
    /// socket (back-pressure: the peer's sends then stall in TCP flow control). Reading resumes below half of
    /// it. Default 1 MiB (1,048,576 bytes); must be at least 1.
    /// </summary>
    public int MaxReadBufferSize { get; set => field = Positive(value); } = 1024 * 1024;

    /// <summary>
    /// Bytes written by the application but not yet sent before its <c>FlushAsync</c> waits (back-pressure
    /// towards the application). Writing resumes below half of it. Default 64 KiB (65,536 bytes); must be at least 1.
    /// </summary>
    public int MaxWriteBufferSize { get; set => field = Positive(value); } = 64 * 1024;

    /// <summary>
    /// Size of the pooled buffer segments the connection's input and output pipes are made of: one receive or
    /// send system call moves at most this many bytes. Under pipelined load the cost of loopback TCP is mostly
    /// per system call, not per byte, so larger segments mean less CPU per message (the echo benchmark in
    /// docs/benchmarks.md: 64 KiB needs about a third less server CPU per message than 16 KiB). A busy
    /// connection holds a segment or two per direction; an idle one holds none. One receive can take the unread
    /// input up to one segment past <see cref="MaxReadBufferSize"/> before reading pauses. Default 64 KiB (65,536 bytes);
    /// must be between 4 KiB (4,096) and 1 MiB (1,048,576).
    /// </summary>
    public int BufferSegmentSize
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 4096);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1024 * 1024);
            field = value;
        }
    } = 64 * 1024;

    /// <summary>Disables Nagle's algorithm (<c>TCP_NODELAY</c>) so small replies leave at once. Default <see langword="true"/>.</summary>
    public bool NoDelay { get; set; } = true;

    /// <summary>
    /// On a graceful close, how long the transport waits for already written bytes to be sent before it
    /// aborts the connection (a peer that never reads cannot hold a close forever). Default 5 seconds;
    /// must be positive or <see cref="Timeout.InfiniteTimeSpan"/>.
    /// </summary>
    public TimeSpan CloseTimeout { get; set => field = PositiveOrInfinite(value); } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Time allowed for a TLS handshake, on a server (from the accept) and on a client (after the TCP connect),
    /// measured on <see cref="TimeProvider"/>. A peer that connects and says nothing, or stops halfway, is cut when it
    /// runs out (<see cref="TlsHandshakeFailure.Timeout"/>). Unused without TLS. Default 10 seconds; must be positive or
    /// <see cref="Timeout.InfiniteTimeSpan"/>.
    /// </summary>
    public TimeSpan TlsHandshakeTimeout { get; set => field = PositiveOrInfinite(value); } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The clock that every timeout of the connection, and of the server or client built on it, runs on; default
    /// <see cref="TimeProvider.System"/>. It measures <see cref="CloseTimeout"/>, a server's
    /// <see cref="TcpServerOptions.IdleTimeout"/>, <see cref="TlsHandshakeTimeout"/> and its protocol's timeouts (for example the header, keep-alive and
    /// body-rate limits of <c>MiniHttpServerOptions.Limits</c>) and a client's <see cref="TcpConnectionOptions.ConnectTimeout"/>:
    /// one server or connection, one clock. Tests pass a fake clock to move time without waiting.
    /// </summary>
    public TimeProvider TimeProvider { get; init => field = value ?? throw new ArgumentNullException(nameof(value)); } = TimeProvider.System;

    /// <summary>
    /// Where the instruments come from: with a factory (an app's <see cref="IMeterFactory"/> from dependency injection),
    /// the transport's meter (<see cref="NetPrimitivesDiagnostics.Transport"/>) and the meter of the server on top (for
    /// <c>MiniHttpServerOptions</c>, <see cref="NetPrimitivesDiagnostics.Http"/>) are created through it, so its
    /// listeners see this server's or connection's measurements apart from other factories'. Default
    /// <see langword="null"/>: process-wide meters of the same names. Read when the server or connection is created.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    // Checks shared by the option classes of Transport/ and Http/ (HttpLimits) in their setters, and of Smtp/ and
    // Names/ in their Validate: the exception names the property (the one being set by default), as the UDP options do.
    internal static int Positive(int value, [System.Runtime.CompilerServices.CallerMemberName] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, name);
        return value;
    }

    internal static TimeSpan PositiveOrInfinite(TimeSpan value, [System.Runtime.CompilerServices.CallerMemberName] string? name = null)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be positive or Timeout.InfiniteTimeSpan.");
        }

        return value;
    }
}
