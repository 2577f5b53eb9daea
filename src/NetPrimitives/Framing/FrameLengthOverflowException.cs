namespace NetPrimitives.Framing;

/// <summary>
/// A payload is too long for the length prefix to represent (for example 300 bytes with a 1-byte prefix).
/// Thrown by the write methods before anything is written, so the output stays well framed.
/// </summary>
/// <param name="length">The payload length, in bytes.</param>
/// <param name="maxRepresentable">The longest payload the prefix can carry, in bytes.</param>
/// <param name="prefix">The prefix format.</param>
public sealed class FrameLengthOverflowException(long length, ulong maxRepresentable, LengthPrefixFormat prefix)
    : FramingException($"A payload of {length} bytes cannot be framed with a {prefix} length prefix, which carries at most {maxRepresentable} bytes; nothing was written.")
{
    /// <summary>The payload length, in bytes.</summary>
    public long Length { get; } = length;

    /// <summary>The longest payload the prefix can carry, in bytes (less the prefix itself when the length includes it).</summary>
    public ulong MaxRepresentableLength { get; } = maxRepresentable;

    /// <summary>The prefix format.</summary>
    public LengthPrefixFormat Prefix { get; } = prefix;
}
