namespace NetPrimitives.Framing;

/// <summary>
/// Where one frame's payload lies in the buffer given to
/// <see cref="LengthPrefixedFramer.TryReadFrames(ReadOnlySpan{byte}, Span{PayloadRange}, out int)"/>:
/// <c>buffer.Slice(range.Offset, range.Length)</c> is the payload, without copying. Offsets, not spans, so that a
/// batch of them fits in an ordinary <see cref="Span{T}"/> (a span cannot hold spans).
/// </summary>
/// <param name="Offset">Index of the payload's first byte in the buffer (just after the frame's prefix).</param>
/// <param name="Length">The payload's length in bytes (0 for a zero-length frame).</param>
public readonly record struct PayloadRange(int Offset, int Length)
{
    /// <summary>Index just past the payload's last byte: where the next frame starts.</summary>
    public int End => Offset + Length;

    /// <summary>The same bytes as a <see cref="System.Range"/>, for <c>buffer[range.ToRange()]</c>.</summary>
    /// <returns><c>Offset..End</c>.</returns>
    public Range ToRange() => new(Offset, End);
}
