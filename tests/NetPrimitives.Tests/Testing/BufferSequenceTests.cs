using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Testing;

public sealed class BufferSequenceTests
{
    [Fact]
    public void FromChunks_makes_one_segment_per_chunk_including_empty_ones()
    {
        var sequence = BufferSequence.FromChunks(new byte[] { 1, 2 }, Array.Empty<byte>(), new byte[] { 3 });

        Assert.Equal(3, sequence.Length);
        Assert.Equal([1, 2, 3], sequence.ToArray());
        var segments = 0;
        foreach (var _ in sequence)
        {
            segments++;
        }

        Assert.Equal(3, segments);
        Assert.False(sequence.IsSingleSegment);
    }

    [Fact]
    public void SplitAt_puts_boundaries_at_the_offsets()
    {
        var data = Enumerable.Range(0, 10).Select(i => (byte)i).ToArray();
        var sequence = BufferSequence.SplitAt(data, 3, 3, 7);
        var lengths = new List<int>();
        foreach (var segment in sequence)
        {
            lengths.Add(segment.Length);
        }

        Assert.Equal([3, 0, 4, 3], lengths);
        Assert.Equal(data, sequence.ToArray());
    }

    [Fact]
    public void SplitAt_rejects_offsets_out_of_order_or_range()
    {
        var data = new byte[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => BufferSequence.SplitAt(data, 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => BufferSequence.SplitAt(data, 5));
    }

    [Fact]
    public void Segmented_cuts_fixed_size_segments()
    {
        var sequence = BufferSequence.Segmented(new byte[10], 4);
        Assert.Equal(10, sequence.Length);
        Assert.Equal(4, sequence.First.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => BufferSequence.Segmented(new byte[1], 0));
    }

    [Fact]
    public void Empty_input_is_an_empty_sequence()
    {
        Assert.True(BufferSequence.FromChunks().IsEmpty);
        Assert.True(BufferSequence.Segmented(ReadOnlyMemory<byte>.Empty, 3).IsEmpty);
    }
}
