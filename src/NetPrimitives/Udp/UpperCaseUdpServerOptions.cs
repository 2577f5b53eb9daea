namespace NetPrimitives.Udp;

/// <summary>
/// Settings of an <see cref="UpperCaseUdpServer"/>: those of the datagram server it runs on plus the
/// upper-casing mode and the per-request log. Invalid values fail when the server is constructed.
/// </summary>
public sealed class UpperCaseUdpServerOptions : DatagramServerOptions
{
    /// <summary>
    /// Creates the default settings: those of <see cref="DatagramServerOptions"/>, except
    /// <see cref="DatagramServerOptions.MaxBatchSize"/> = 8. The upper-casing handler is synchronous and short, so a
    /// reply held until its batch's other handlers have run waits only for the upper-casing of at most 7 other
    /// datagrams, and a lone request is answered at once; on a busy Linux server the batches cut the system calls
    /// per datagram from two to well under one and the server's CPU time per datagram by about a sixth (see
    /// docs/benchmarks.md, UDP).
    /// </summary>
    public UpperCaseUdpServerOptions() => MaxBatchSize = 8;

    /// <summary>How datagrams are upper-cased. Default: <see cref="UpperCaseMode.Ascii"/> (Python's <c>bytes.upper()</c>).</summary>
    public UpperCaseMode Mode { get; set; } = UpperCaseMode.Ascii;

    /// <summary>
    /// Log every datagram at Information level ("Connection from {RemoteEndPoint}", event 320), as the classic
    /// <c>print "Connection from", addr</c> does. Costs one endpoint allocation per datagram when the log is
    /// enabled. Default: <see langword="false"/>.
    /// </summary>
    public bool LogRequests { get; set; }
}
