namespace NetPrimitives.Names;

/// <summary>What went wrong in a name or address lookup (carried by <see cref="HostResolutionException.Error"/>).</summary>
public enum HostResolutionError
{
    /// <summary>The name is not a valid host name (empty label, label over 63, name over 253, bad character); refused before any lookup.</summary>
    InvalidName,

    /// <summary>The name (or address) does not exist: NXDOMAIN, <c>EAI_NONAME</c>, <see cref="System.Net.Sockets.SocketError.HostNotFound"/>.</summary>
    NotFound,

    /// <summary>The name exists but has no address of the requested family (or no record of the requested type): <c>NODATA</c>.</summary>
    NoAddress,

    /// <summary>A temporary failure: try again later (<c>EAI_AGAIN</c>, <see cref="System.Net.Sockets.SocketError.TryAgain"/>, SERVFAIL).</summary>
    TemporaryFailure,

    /// <summary>The lookup did not finish within the configured timeout.</summary>
    TimedOut,

    /// <summary>The DNS server refused or could not handle the query (REFUSED, NOTIMP, FORMERR), or the OS resolver failed otherwise.</summary>
    ServerFailure,

    /// <summary>The DNS server's response was malformed (see <see cref="DnsFormatException"/>).</summary>
    MalformedResponse,
}
