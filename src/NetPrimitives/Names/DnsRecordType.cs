namespace NetPrimitives.Names;

/// <summary>DNS record types the stub client decodes (RFC 1035 §3.2.2, RFC 3596, RFC 2782). Others are kept as raw data.</summary>
public enum DnsRecordType : ushort
{
    /// <summary>An IPv4 address (RFC 1035 §3.4.1).</summary>
    A = 1,

    /// <summary>An authoritative name server (RFC 1035 §3.3.11).</summary>
    NS = 2,

    /// <summary>The canonical name for an alias (RFC 1035 §3.3.1).</summary>
    CNAME = 5,

    /// <summary>Start of a zone of authority (RFC 1035 §3.3.13); kept as raw data.</summary>
    SOA = 6,

    /// <summary>A domain name pointer, used for reverse lookups (RFC 1035 §3.3.12).</summary>
    PTR = 12,

    /// <summary>A mail exchange (RFC 1035 §3.3.9).</summary>
    MX = 15,

    /// <summary>Text strings (RFC 1035 §3.3.14).</summary>
    TXT = 16,

    /// <summary>An IPv6 address (RFC 3596 §2.1).</summary>
    AAAA = 28,

    /// <summary>A service location (RFC 2782).</summary>
    SRV = 33,
}
