using System.Buffers;

namespace NetPrimitives.Testing;

/// <summary>
/// Builds <see cref="ReadOnlySequence{T}"/> instances of bytes whose segment boundaries you choose, so a
/// parser can be tested against the multi-segment buffers a <see cref="System.IO.Pipelines.PipeReader"/>
/// hands out in real life.
/// </summary>
public static class BufferSequence
{
    /// <summary>Creates a sequence with one segment per chunk, in order. Empty chunks become empty segments.</summary>
    /// <param name="chunks">The chunks; each becomes one segment.</param>
    /// <returns>A sequence over the chunks' memory (not copied).</returns>
    public static ReadOnlySequence<byte> FromChunks(params ReadOnlyMemory<byte>[] chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        return FromChunks((IEnumerable<ReadOnlyMemory<byte>>)chunks);
    }

    /// <summary>Creates a sequence with one segment per chunk, in order. Empty chunks become empty segments.</summary>
    /// <param name="chunks">The chunks; each becomes one segment.</param>
    /// <returns>A sequence over the chunks' memory (not copied).</returns>
    public static ReadOnlySequence<byte> FromChunks(IEnumerable<ReadOnlyMemory<byte>> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        Segment? first = null;
        Segment? last = null;
        foreach (var chunk in chunks)
        {
            if (last is null)
            {
                first = last = new Segment(chunk, 0);
            }
            else
            {
                last = last.Append(chunk);
            }
        }

        if (first is null || last is null)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        return ReferenceEquals(first, last)
            ? new ReadOnlySequence<byte>(first.Memory)
            : new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Creates a sequence from <paramref name="data"/> with a segment boundary at each of <paramref name="offsets"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="offsets">Ascending offsets in <c>[0, data.Length]</c>; duplicates produce empty segments.</param>
    /// <returns>A sequence over <paramref name="data"/> (not copied).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An offset is outside the data or not ascending.</exception>
    public static ReadOnlySequence<byte> SplitAt(ReadOnlyMemory<byte> data, params int[] offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        return FromChunks(Chunker.SplitAt(data, offsets));
    }

    /// <summary>Creates a sequence from <paramref name="data"/> cut into segments of <paramref name="segmentLength"/> bytes (the last may be shorter).</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="segmentLength">Bytes per segment; at least 1.</param>
    /// <returns>A sequence over <paramref name="data"/> (not copied).</returns>
    public static ReadOnlySequence<byte> Segmented(ReadOnlyMemory<byte> data, int segmentLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentLength, 1);
        return FromChunks(Chunker.FixedSize(data, segmentLength));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
