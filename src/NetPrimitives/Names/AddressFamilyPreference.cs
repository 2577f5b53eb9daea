namespace NetPrimitives.Names;

/// <summary>Which address families a forward lookup returns.</summary>
public enum AddressFamilyPreference
{
    /// <summary>IPv4 only (A records); Python's <c>gethostbyname</c> behaviour.</summary>
    InterNetwork,

    /// <summary>IPv6 only (AAAA records).</summary>
    InterNetworkV6,

    /// <summary>Both families; IPv4 addresses first, then IPv6.</summary>
    Any,
}
