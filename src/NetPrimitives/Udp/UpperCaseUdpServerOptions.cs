namespace NetPrimitives.Udp;

/// <summary>
/// Settings of an <see cref="UpperCaseUdpServer"/>: those of the datagram server it runs on plus the
/// upper-casing mode and the per-request log. Invalid values fail when the server is constructed.
/// </summary>
public sealed class UpperCaseUdpServerOptions : DatagramServerOptions
{
    /// <summary>How datagrams are upper-cased. Default: <see cref="UpperCaseMode.Ascii"/> (Python's <c>bytes.upper()</c>).</summary>
    public UpperCaseMode Mode { get; set; } = UpperCaseMode.Ascii;

    /// <summary>
    /// Log every datagram at Information level ("Connection from {RemoteEndPoint}", event 320), as the classic
    /// <c>print "Connection from", addr</c> does. Costs one endpoint allocation per datagram when the log is
    /// enabled. Default: <see langword="false"/>.
    /// </summary>
    public bool LogRequests { get; set; }
}
