namespace NetPrimitives.Names;

/// <summary>
/// A DNS message could not be decoded: truncated, a bad compression pointer (loop, forward or out of range),
/// a label or name over its limit, a record whose data does not match its type. Carries the offset where
/// decoding failed. <see cref="HostResolutionException.Error"/> is <see cref="HostResolutionError.MalformedResponse"/>.
/// </summary>
public sealed class DnsFormatException : HostResolutionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="query">The name that was queried (empty when decoding outside a query).</param>
    /// <param name="offset">The byte offset in the message where decoding failed.</param>
    /// <param name="reason">What is wrong.</param>
    public DnsFormatException(string query, int offset, string reason)
        : base(HostResolutionError.MalformedResponse, query, $"Malformed DNS message at offset {offset}: {reason}.")
    {
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The byte offset in the message where decoding failed.</summary>
    public int Offset { get; }

    /// <summary>What is wrong with the message.</summary>
    public string Reason { get; }
}
