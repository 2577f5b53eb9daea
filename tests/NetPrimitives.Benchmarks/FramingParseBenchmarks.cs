using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using NetPrimitives.Framing;

namespace NetPrimitives.Benchmarks;

/// <summary>
/// Parsing blocks.py frames (4-byte big-endian length + payload) out of a buffer that holds many of them,
/// from one contiguous segment and from 4 KiB segments as a pipe hands them out. The time BenchmarkDotNet
/// reports is per frame (OperationsPerInvoke). The baseline is the naive way: a BinaryReader over a
/// MemoryStream, reading the length and then ReadBytes (one array per frame). Every frame has PayloadSize
/// bytes, except in the *Mixed rows, where lengths are drawn at random (fixed seed) between half and one and a
/// half times PayloadSize, so that consecutive frames rarely have the same length: the batch reader's
/// speculation fails there, and those rows show what that costs.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(FramingConfig))]
public class FramingParseBenchmarks
{
    // Frames per invocation: the reported time and allocation are per frame.
    private const int Frames = FramingBenchmarkData.FramesPerInvoke;

    private readonly LengthPrefixedFramer _framer = new();
    // Results of one TryReadFrames call: reused, as a read loop would reuse (or stackalloc) it.
    private readonly PayloadRange[] _batch = new PayloadRange[FramingBenchmarkData.BatchSize];
    private byte[] _data = [];
    private ReadOnlySequence<byte> _buffer;
    private byte[] _mixedData = [];
    private ReadOnlySequence<byte> _mixedBuffer;

    [Params(16, 1024, 65536)]
    public int PayloadSize { get; set; }

    [Params(false, true)]
    public bool MultiSegment { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = FramingBenchmarkData.Frames(PayloadSize, Frames);
        _buffer = MultiSegment ? FramingBenchmarkData.Segmented(_data, 4096) : new ReadOnlySequence<byte>(_data);
        _mixedData = FramingBenchmarkData.MixedFrames(PayloadSize, Frames);
        _mixedBuffer = MultiSegment ? FramingBenchmarkData.Segmented(_mixedData, 4096) : new ReadOnlySequence<byte>(_mixedData);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    public long NaiveBinaryReader() => ReadNaively(_data);

    private static long ReadNaively(byte[] data)
    {
        using var stream = new MemoryStream(data, writable: false);
        using var reader = new BinaryReader(stream);
        long total = 0;
        for (var i = 0; i < Frames; i++)
        {
            var length = BinaryPrimitives.ReverseEndianness(reader.ReadInt32());
            total += reader.ReadBytes(length).Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public long TryReadFrame()
    {
        var buffer = _buffer;
        long total = 0;
        while (_framer.TryReadFrame(ref buffer, out var payload))
        {
            total += payload.Length;
        }

        return total;
    }

    /// <summary>
    /// The span overload, as a pipe reading loop uses it: every whole frame of the first span through
    /// <c>TryReadFrame(ReadOnlySpan)</c>, then the one frame that straddles a segment boundary (if any)
    /// through the sequence overload, and on to the next span.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public long TryReadFrameSpan() => ReadWithSpans(_buffer);

    private long ReadWithSpans(ReadOnlySequence<byte> buffer)
    {
        long total = 0;
        while (true)
        {
            var span = buffer.FirstSpan;
            var used = 0;
            while (_framer.TryReadFrame(span[used..], out var payload, out var consumed))
            {
                total += payload.Length;
                used += consumed;
            }

            buffer = buffer.Slice(used);
            if (!_framer.TryReadFrame(ref buffer, out var straddling))
            {
                return total;
            }

            total += straddling.Length;
        }
    }

    /// <summary>
    /// The batch reader, as a pipe reading loop uses it: <c>TryReadFrames</c> over the first span, a batch of
    /// <see cref="FramingBenchmarkData.BatchSize"/> frames at a time, each payload consumed (its length summed)
    /// from the batch; then the one frame that straddles a segment boundary (if any) through the sequence
    /// overload, and on to the next span.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public long TryReadFrames() => ReadInBatches(_buffer);

    private long ReadInBatches(ReadOnlySequence<byte> buffer)
    {
        var batch = _batch;
        long total = 0;
        while (true)
        {
            var span = buffer.FirstSpan;
            var used = 0;
            int count;
            do
            {
                count = _framer.TryReadFrames(span[used..], batch, out var consumed);
                foreach (var payload in batch.AsSpan(0, count))
                {
                    total += payload.Length;
                }

                used += consumed;
            }
            while (count == batch.Length); // a batch that is not full ended at a partial (or refused) frame: no call to learn that again

            buffer = buffer.Slice(used);
            if (!_framer.TryReadFrame(ref buffer, out var straddling))
            {
                return total;
            }

            total += straddling.Length;
        }
    }

    /// <summary>The naive baseline on frames of changing lengths.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public long NaiveBinaryReaderMixed() => ReadNaively(_mixedData);

    /// <summary>The span overload on frames of changing lengths.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public long TryReadFrameSpanMixed() => ReadWithSpans(_mixedBuffer);

    /// <summary>The batch reader on frames of changing lengths, where its guess rarely holds.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public long TryReadFramesMixed() => ReadInBatches(_mixedBuffer);

    /// <summary>
    /// Not a parser: the floor any parser of back-to-back frames meets on this CPU. Where the next frame
    /// starts depends on the length just loaded, so each frame costs at least one load-to-use latency plus
    /// the byte swap and the add, whatever the code around it. This loop does only that (no limit check, no
    /// bounds checks, no payload produced), over the same contiguous bytes.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public long UncheckedLoadChainFloor()
    {
        ref var start = ref MemoryMarshal.GetArrayDataReference(_data);
        nuint position = 0;
        var end = (nuint)_data.Length;
        long total = 0;
        while (position < end)
        {
            var length = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, position)));
            total += length;
            position += 4 + length;
        }

        return total;
    }
}
