using System.Buffers;
using System.Buffers.Binary;

namespace NetPrimitives.Benchmarks;

/// <summary>Inputs shared by the framing benchmarks.</summary>
internal static class FramingBenchmarkData
{
    public const int FramesPerInvoke = 256;

    /// <summary>Results per <c>TryReadFrames</c> call in the batch benchmarks: 256 (2 KiB of results, small enough to stackalloc), so one call takes all the whole frames of a 4 KiB segment.</summary>
    public const int BatchSize = 256;

    /// <summary><paramref name="count"/> blocks.py frames of <paramref name="payloadSize"/> bytes, back to back.</summary>
    public static byte[] Frames(int payloadSize, int count)
    {
        var data = new byte[count * (4 + payloadSize)];
        var random = new Random(42);
        for (var i = 0; i < count; i++)
        {
            var frame = data.AsSpan(i * (4 + payloadSize), 4 + payloadSize);
            BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)payloadSize);
            random.NextBytes(frame[4..]);
        }

        return data;
    }

    /// <summary>
    /// <paramref name="count"/> blocks.py frames whose payload lengths are drawn at random (fixed seed) from
    /// [<paramref name="payloadSize"/>/2, 3*<paramref name="payloadSize"/>/2]: about <paramref name="payloadSize"/>
    /// on average, and rarely equal from one frame to the next.
    /// </summary>
    public static byte[] MixedFrames(int payloadSize, int count)
    {
        var random = new Random(42);
        var lengths = new int[count];
        for (var i = 0; i < count; i++)
        {
            lengths[i] = random.Next(payloadSize / 2, (payloadSize * 3 / 2) + 1);
        }

        var data = new byte[lengths.Sum(length => 4 + length)];
        var offset = 0;
        foreach (var length in lengths)
        {
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(offset), (uint)length);
            random.NextBytes(data.AsSpan(offset + 4, length));
            offset += 4 + length;
        }

        return data;
    }

    /// <summary>The data as a chain of <paramref name="segmentSize"/>-byte segments, as a pipe hands it out.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] data, int segmentSize)
    {
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < data.Length; offset += segmentSize)
        {
            var memory = data.AsMemory(offset, Math.Min(segmentSize, data.Length - offset));
            if (last is null)
            {
                first = last = new Segment(memory, 0);
            }
            else
            {
                last = last.Append(memory);
            }
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
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
