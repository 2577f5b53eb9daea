using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NetPrimitives.Udp;

/// <summary>
/// Settings of a <see cref="DatagramServer"/> (and of servers built on it, such as <see cref="UpperCaseUdpServer"/>).
/// Invalid values fail when the server is constructed.
/// </summary>
public class DatagramServerOptions
{
    /// <summary>The largest UDP payload over IPv4 (65,535 minus the 8-byte UDP and 20-byte IP headers).</summary>
    public const int MaxUdpPayload = 65_507;

    /// <summary>
    /// The address and port to bind. Port 0 lets the operating system choose; the server then reports the real
    /// port in <see cref="DatagramServer.LocalEndPoint"/>. <see cref="IPAddress.IPv6Any"/> binds a dual-mode
    /// socket that also receives IPv4 datagrams (see <see cref="DualMode"/>).
    /// Default: 127.0.0.1 port 0.
    /// </summary>
    public IPEndPoint EndPoint { get; set; } = new(IPAddress.Loopback, 0);

    /// <summary>
    /// Whether an IPv6 socket also accepts IPv4 datagrams (as IPv4-mapped addresses). Only used when
    /// <see cref="EndPoint"/> is an IPv6 address. Default: <see langword="true"/> for <see cref="IPAddress.IPv6Any"/>,
    /// otherwise <see langword="false"/>.
    /// </summary>
    public bool? DualMode { get; set; }

    /// <summary>
    /// The number of receive loops (threads blocked in <c>recvfrom</c> on the one socket), each with its own
    /// buffers. Default: <see cref="Environment.ProcessorCount"/>. Clamped to <see cref="MaxConcurrentHandlers"/>.
    /// </summary>
    public int ReceiveLoops { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// On Linux, the most datagrams a receive loop takes in one <c>recvmmsg</c> call and the most replies it sends
    /// in one <c>sendmmsg</c> call. The receive blocks for the first datagram only (<c>MSG_WAITFORONE</c>) and then
    /// takes just those already queued, so a lone request never waits for a batch to fill. Replies that handlers
    /// make while running synchronously on the loop are copied into the loop's native buffers and leave together
    /// right after the batch's handlers have run; a reply that the system then refuses is logged and counted as
    /// dropped instead of failing its handler (a reply made after a handler went asynchronous is sent at once, as
    /// usual). This saves system calls when datagrams queue up on a busy socket. 1 turns batching off: one
    /// <c>recvfrom</c> and one <c>sendto</c> per datagram, as on other systems, where this option is ignored.
    /// Each receive loop then holds 2 x this many x (<see cref="MaxDatagramSize"/> + 1) bytes of native memory.
    /// 1 to 64. Default: 1 here, where handlers may be slow or rely on <see cref="DatagramContext.ReplyAsync"/> throwing;
    /// 8 in <see cref="UpperCaseUdpServerOptions"/>.
    /// </summary>
    public int MaxBatchSize { get; set; } = 1;

    /// <summary>
    /// The largest datagram, in bytes, the server accepts and the largest reply it sends. A bigger datagram is
    /// detected, counted as truncated, logged and never handled. 1 to <see cref="MaxUdpPayload"/>.
    /// Default: 8,192 bytes.
    /// </summary>
    public int MaxDatagramSize { get; set; } = 8192;

    /// <summary>
    /// The most handler invocations in progress at once, counting both the ones running on a receive loop and
    /// the ones that went asynchronous. Datagrams that arrive while this many are in progress are dropped and
    /// counted (UDP allows it; the sender retries). Each one holds two buffers of <see cref="MaxDatagramSize"/>.
    /// Default: 256.
    /// </summary>
    public int MaxConcurrentHandlers { get; set; } = 256;

    /// <summary>The socket's receive buffer (SO_RCVBUF) in bytes, or <see langword="null"/> for the OS default. Default: <see langword="null"/>.</summary>
    public int? ReceiveBufferSize { get; set; }

    /// <summary>The socket's send buffer (SO_SNDBUF) in bytes, or <see langword="null"/> for the OS default. Default: <see langword="null"/>.</summary>
    public int? SendBufferSize { get; set; }

    /// <summary>
    /// How long <see cref="DatagramServer.StopAsync"/> waits at most for handlers in progress before it cancels
    /// them and closes the socket, even when its token never fires. Default: 5 seconds.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The clock behind <see cref="ShutdownTimeout"/> and the short wait for receive loops after the socket closes.
    /// A fake one (such as FakeTimeProvider) lets a test move time by hand. Default: <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the instruments come from: with a factory (an app's <see cref="IMeterFactory"/> from dependency injection),
    /// the server creates its meter (<see cref="NetPrimitivesDiagnostics.Udp"/>) through it, so its listeners see these
    /// measurements apart from other factories'. Default <see langword="null"/>: the process-wide meter of that name.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(EndPoint, nameof(EndPoint));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (EndPoint.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException($"{nameof(EndPoint)} must be an IPv4 or IPv6 endpoint, not {EndPoint.AddressFamily}.", nameof(EndPoint));
        }

        Check(ReceiveLoops >= 1, nameof(ReceiveLoops), ReceiveLoops, "must be at least 1");
        Check(MaxDatagramSize is >= 1 and <= MaxUdpPayload, nameof(MaxDatagramSize), MaxDatagramSize, $"must be 1 to {MaxUdpPayload}");
        Check(MaxBatchSize is >= 1 and <= 64, nameof(MaxBatchSize), MaxBatchSize, "must be 1 to 64");
        Check(MaxConcurrentHandlers >= 1, nameof(MaxConcurrentHandlers), MaxConcurrentHandlers, "must be at least 1");
        Check(ReceiveBufferSize is null or > 0, nameof(ReceiveBufferSize), ReceiveBufferSize, "must be positive");
        Check(SendBufferSize is null or > 0, nameof(SendBufferSize), SendBufferSize, "must be positive");
        Check(ShutdownTimeout >= TimeSpan.Zero, nameof(ShutdownTimeout), ShutdownTimeout, "must not be negative");
    }

    // The check of every UDP option (the client's too): the exception names the property and says its rule.
    internal static void Check(bool ok, string name, object? value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} {rule}.");
        }
    }
}
