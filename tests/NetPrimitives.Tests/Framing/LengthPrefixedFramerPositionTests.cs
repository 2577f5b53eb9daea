using System.Buffers.Binary;
using NetPrimitives.Framing;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Framing;

/// <summary>
/// The default format's fast path builds its results with the ReadOnlySequence constructors instead of
/// Slice; these tests pin that it yields exactly the positions Slice would (so a pipe can be advanced to
/// them), for array-backed sequences, single segments and segment chains split everywhere.
/// </summary>
public sealed class LengthPrefixedFramerPositionTests
{
    private static readonly int[] PayloadLengths = [0, 1, 3, 4, 5, 16, 0, 7, 2];

    private static byte[] Frames()
    {
        var data = new byte[PayloadLengths.Sum(length => 4 + length)];
        var offset = 0;
        foreach (var length in PayloadLengths)
        {
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(offset), (uint)length);
            for (var i = 0; i < length; i++)
            {
                data[offset + 4 + i] = (byte)(offset + i);
            }

            offset += 4 + length;
        }

        return data;
    }

    private static void AssertSameAsSlice(ReadOnlySequence<byte> buffer)
    {
        var framer = new LengthPrefixedFramer();
        foreach (var length in PayloadLengths)
        {
            var expectedPayload = buffer.Slice(4, length);
            var expectedRest = buffer.Slice(expectedPayload.End);

            Assert.True(framer.TryReadFrame(ref buffer, out var payload));

            Assert.Equal(expectedPayload.Start, payload.Start);
            Assert.Equal(expectedPayload.End, payload.End);
            Assert.Equal(expectedRest.Start, buffer.Start);
            Assert.Equal(expectedRest.End, buffer.End);
            Assert.Equal(expectedPayload.ToArray(), payload.ToArray());
        }

        Assert.True(buffer.IsEmpty);
        Assert.False(framer.TryReadFrame(ref buffer, out _));
    }

    [Fact]
    public void Array_backed_sequence_yields_the_positions_slice_would()
    {
        var data = Frames();
        AssertSameAsSlice(new ReadOnlySequence<byte>(data));

        // Not starting at index 0 of the array, and followed by bytes outside the sequence.
        byte[] padded = [9, 9, 9, .. data, 9, 9];
        AssertSameAsSlice(new ReadOnlySequence<byte>(padded, 3, data.Length));
    }

    [Fact]
    public void Single_segment_yields_the_positions_slice_would()
    {
        AssertSameAsSlice(BufferSequence.FromChunks(Frames()));
    }

    [Fact]
    public void Segment_chains_of_every_segment_length_yield_the_positions_slice_would()
    {
        var data = Frames();
        for (var segmentLength = 1; segmentLength <= data.Length; segmentLength++)
        {
            AssertSameAsSlice(BufferSequence.Segmented(data, segmentLength));
        }
    }

    [Fact]
    public void Every_two_way_split_yields_the_positions_slice_would()
    {
        var data = Frames();
        for (var split = 0; split <= data.Length; split++)
        {
            AssertSameAsSlice(BufferSequence.SplitAt(data, split));
        }
    }
}
