using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace NetPrimitives.Diagnostics;

/// <summary>
/// Names of the library's meters and activity sources, one per component, for subscribing with a
/// <see cref="MeterListener"/> or an <see cref="ActivityListener"/>, OpenTelemetry (<c>AddMeter("NetPrimitives.*")</c>,
/// <c>AddSource("NetPrimitives.*")</c>, or one name at a time) or <c>dotnet-counters</c>. A component whose options
/// carry an <see cref="IMeterFactory"/> creates its meter through it, under the same name; without one it uses a
/// process-wide meter of that name. The instruments and spans are listed in docs/diagnostics.md.
/// </summary>
public static class NetPrimitivesDiagnostics
{
    /// <summary>
    /// The meter of the TCP transport, <c>NetPrimitives.Transport</c>: the connections of every TCP server
    /// (<c>MiniHttpServer</c>, <c>EchoServer</c>), their TLS handshakes, and the bytes of every TCP connection.
    /// </summary>
    public const string Transport = "NetPrimitives.Transport";

    /// <summary>The meter and activity source of <c>MiniHttpServer</c>, <c>NetPrimitives.Http</c>: requests.</summary>
    public const string Http = "NetPrimitives.Http";

    /// <summary>The meter of the UDP server and client, <c>NetPrimitives.Udp</c>: datagrams.</summary>
    public const string Udp = "NetPrimitives.Udp";

    /// <summary>The meter and activity source of <c>HostResolver</c> and <c>DnsStubClient</c>, <c>NetPrimitives.Names</c>: lookups and DNS queries.</summary>
    public const string Names = "NetPrimitives.Names";

    /// <summary>The meter and activity source of <c>PingSweeper</c>, <c>NetPrimitives.Ping</c>: probes and sweeps.</summary>
    public const string Ping = "NetPrimitives.Ping";

    /// <summary>The meter and activity source of <c>SmtpClientRaw</c>, <c>NetPrimitives.Smtp</c>: messages sent.</summary>
    public const string Smtp = "NetPrimitives.Smtp";
}
