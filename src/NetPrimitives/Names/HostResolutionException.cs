namespace NetPrimitives.Names;

/// <summary>
/// A name or address lookup failed. <see cref="Error"/> says how; <see cref="Query"/> is the name or address asked
/// for. Socket errors from the OS resolver are kept as the inner exception.
/// </summary>
/// <param name="error">What went wrong.</param>
/// <param name="query">The name or address that was looked up.</param>
/// <param name="message">A human-readable message.</param>
/// <param name="innerException">The underlying error, if any.</param>
public class HostResolutionException(HostResolutionError error, string query, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>What went wrong.</summary>
    public HostResolutionError Error { get; } = error;

    /// <summary>The name or address that was looked up (as given by the caller).</summary>
    public string Query { get; } = query;
}
