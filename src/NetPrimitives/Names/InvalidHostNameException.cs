namespace NetPrimitives.Names;

/// <summary>
/// The host name is not valid (RFC 1035 §2.3.4, RFC 1123 §2.1); thrown before any lookup is attempted.
/// </summary>
public sealed class InvalidHostNameException : HostResolutionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="query">The rejected name.</param>
    /// <param name="reason">Why it was rejected.</param>
    public InvalidHostNameException(string query, string reason)
        : base(HostResolutionError.InvalidName, query, $"Invalid host name '{Shorten(query)}': {reason}.")
    {
        Reason = reason;
    }

    /// <summary>Why the name was rejected (for example "label longer than 63 characters").</summary>
    public string Reason { get; }

    // Keep a hostile 10 KB name out of log lines.
    private static string Shorten(string name) => name.Length <= 80 ? name : string.Concat(name.AsSpan(0, 77), "...");
}
