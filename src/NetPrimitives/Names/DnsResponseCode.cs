namespace NetPrimitives.Names;

/// <summary>The RCODE of a DNS response (RFC 1035 §4.1.1).</summary>
public enum DnsResponseCode
{
    /// <summary>No error.</summary>
    NoError = 0,

    /// <summary>The server could not interpret the query (FORMERR).</summary>
    FormatError = 1,

    /// <summary>The server failed to process the query (SERVFAIL).</summary>
    ServerFailure = 2,

    /// <summary>The name does not exist (NXDOMAIN).</summary>
    NameError = 3,

    /// <summary>The server does not support this kind of query (NOTIMP).</summary>
    NotImplemented = 4,

    /// <summary>The server refuses to answer (REFUSED).</summary>
    Refused = 5,
}
