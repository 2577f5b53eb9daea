using System.Buffers;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using NetPrimitives.Framing;

namespace NetPrimitives.Benchmarks;

/// <summary>
/// Writing blocks.py frames into a reused buffer: from a span, and from a multi-segment sequence
/// (4 KiB segments, a frame forwarded from a pipe). Time and allocation are per frame. The baseline is the
/// naive way: a BinaryWriter over a MemoryStream writing the length and the bytes.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(FramingConfig))]
public class FramingWriteBenchmarks
{
    private const int Frames = FramingBenchmarkData.FramesPerInvoke;

    private readonly LengthPrefixedFramer _framer = new();
    private byte[] _payload = [];
    private ReadOnlySequence<byte> _segmentedPayload;
    private ArrayBufferWriter<byte> _writer = new();
    private MemoryStream _stream = new();

    [Params(16, 1024, 65536)]
    public int PayloadSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[PayloadSize];
        new Random(42).NextBytes(_payload);
        _segmentedPayload = FramingBenchmarkData.Segmented(_payload, Math.Min(4096, Math.Max(1, PayloadSize / 2)));
        _writer = new ArrayBufferWriter<byte>(Frames * (PayloadSize + 4));
        _stream = new MemoryStream(Frames * (PayloadSize + 4));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    public long NaiveBinaryWriter()
    {
        _stream.Position = 0;
        using var writer = new BinaryWriter(_stream, System.Text.Encoding.UTF8, leaveOpen: true);
        for (var i = 0; i < Frames; i++)
        {
            writer.Write(BinaryPrimitives.ReverseEndianness(_payload.Length));
            writer.Write(_payload);
        }

        return _stream.Position;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public long WriteFrameFromSpan()
    {
        _writer.ResetWrittenCount();
        for (var i = 0; i < Frames; i++)
        {
            _framer.WriteFrame(_writer, _payload);
        }

        return _writer.WrittenCount;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public long WriteFrameFromSequence()
    {
        _writer.ResetWrittenCount();
        for (var i = 0; i < Frames; i++)
        {
            _framer.WriteFrame(_writer, _segmentedPayload);
        }

        return _writer.WrittenCount;
    }
}
