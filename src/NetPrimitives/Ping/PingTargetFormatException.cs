namespace NetPrimitives.Ping;

/// <summary>A target specification could not be parsed; <see cref="Entry"/> is the offending entry.</summary>
public sealed class PingTargetFormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="entry"/>.</summary>
    /// <param name="entry">The entry that was rejected (shortened to 100 characters).</param>
    /// <param name="error">Why it was rejected.</param>
    /// <param name="detail">A human-readable explanation.</param>
    public PingTargetFormatException(string entry, PingTargetError error, string detail)
        : base($"Invalid ping target '{Shorten(entry)}': {detail}")
    {
        Entry = Shorten(entry);
        Error = error;
    }

    /// <summary>The entry that was rejected, shortened to at most 100 characters.</summary>
    public string Entry { get; }

    /// <summary>Why it was rejected.</summary>
    public PingTargetError Error { get; }

    private static string Shorten(string entry) => entry.Length <= 100 ? entry : string.Concat(entry.AsSpan(0, 97), "...");
}
