using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;
namespace NetPrimitives.Udp;

/// <summary>Settings of a <see cref="UdpRequestClient"/>. Invalid values fail in <see cref="UdpRequestClient.ConnectAsync"/>.</summary>
public sealed class UdpRequestClientOptions
{
    /// <summary>How long the first attempt waits for a reply. Default: 250 ms.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How many times a request is sent again after an attempt times out (0 = send once). Each retry waits
    /// <see cref="BackoffFactor"/> times longer than the one before, up to <see cref="MaxAttemptTimeout"/>.
    /// Default: 3 (with the other defaults: 0.25 + 0.5 + 1 + 2 = 3.75 s before giving up).
    /// </summary>
    public int RetryCount { get; set; } = 3;

    /// <summary>The factor by which each retry's wait grows (exponential backoff). At least 1. Default: 2.</summary>
    public double BackoffFactor { get; set; } = 2.0;

    /// <summary>The longest any single attempt waits. Default: 5 seconds.</summary>
    public TimeSpan MaxAttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest request and the largest reply, in bytes. 1 to 65,507. Default: 65,507.</summary>
    public int MaxDatagramSize { get; set; } = DatagramServerOptions.MaxUdpPayload;

    /// <summary>
    /// Connect the UDP socket to the server (the default). The operating system then drops datagrams from any
    /// other source before they reach us, and reports an ICMP port-unreachable as
    /// <see cref="UdpNobodyListeningException"/> instead of a timeout. With <see langword="false"/> the client
    /// filters and counts foreign datagrams itself (<see cref="UdpRequestClient.IgnoredDatagrams"/>), and a
    /// server that is not there is only seen as a timeout. Default: <see langword="true"/>.
    /// </summary>
    public bool UseConnectedSocket { get; set; } = true;

    /// <summary>
    /// The clock behind <see cref="AttemptTimeout"/> and its backoff: each attempt's wait runs on it. A fake one (such
    /// as FakeTimeProvider) lets a test move time by hand. Default: <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the instruments come from: with a factory (an app's <see cref="IMeterFactory"/> from dependency injection),
    /// the client creates its meter (<see cref="NetPrimitivesDiagnostics.Udp"/>) through it, so its listeners see these
    /// measurements apart from other factories'. Default <see langword="null"/>: the process-wide meter of that name.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        DatagramServerOptions.Check(AttemptTimeout > TimeSpan.Zero && AttemptTimeout <= TimeSpan.FromMilliseconds(int.MaxValue), nameof(AttemptTimeout), AttemptTimeout, "must be positive");
        DatagramServerOptions.Check(RetryCount >= 0, nameof(RetryCount), RetryCount, "must not be negative");
        DatagramServerOptions.Check(BackoffFactor >= 1.0 && double.IsFinite(BackoffFactor), nameof(BackoffFactor), BackoffFactor, "must be at least 1");
        DatagramServerOptions.Check(MaxAttemptTimeout >= AttemptTimeout && MaxAttemptTimeout <= TimeSpan.FromMilliseconds(int.MaxValue), nameof(MaxAttemptTimeout), MaxAttemptTimeout, "must be at least AttemptTimeout");
        DatagramServerOptions.Check(MaxDatagramSize is >= 1 and <= DatagramServerOptions.MaxUdpPayload, nameof(MaxDatagramSize), MaxDatagramSize, "must be 1 to 65507");
    }
}
