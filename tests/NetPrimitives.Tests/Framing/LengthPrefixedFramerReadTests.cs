using NetPrimitives.Framing;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Framing;

public sealed class LengthPrefixedFramerReadTests
{
    private static MessageParser<byte[]> Parser(LengthPrefixedFramer framer) =>
        (ref ReadOnlySequence<byte> buffer, out byte[] message) =>
        {
            var ok = framer.TryReadFrame(ref buffer, out var payload);
            message = ok ? payload.ToArray() : [];
            return ok;
        };

    [Fact]
    public void Default_format_is_blocks_py_four_byte_big_endian_payload_length()
    {
        var framer = new LengthPrefixedFramer();
        // struct.pack('!I', 5) + b'hello'
        var buffer = new ReadOnlySequence<byte>([0, 0, 0, 5, .. "hello"u8, 0xAA]);

        Assert.True(framer.TryReadFrame(ref buffer, out var payload));

        Assert.Equal("hello"u8.ToArray(), payload.ToArray());
        Assert.Equal([0xAA], buffer.ToArray());
    }

    [Fact]
    public void Incomplete_frame_returns_false_and_leaves_the_buffer_alone()
    {
        var framer = new LengthPrefixedFramer();
        byte[] whole = [0, 0, 0, 3, 1, 2, 3];
        for (var length = 0; length < whole.Length; length++)
        {
            var original = new ReadOnlySequence<byte>(whole, 0, length);
            var buffer = original;

            Assert.False(framer.TryReadFrame(ref buffer, out _));
            Assert.Equal(original, buffer);
        }
    }

    [Fact]
    public void Zero_length_payload_is_a_valid_frame()
    {
        var framer = new LengthPrefixedFramer();
        var buffer = new ReadOnlySequence<byte>([0, 0, 0, 0, 0, 0, 0, 0]);

        Assert.True(framer.TryReadFrame(ref buffer, out var first));
        Assert.True(framer.TryReadFrame(ref buffer, out var second));

        Assert.True(first.IsEmpty);
        Assert.True(second.IsEmpty);
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(WireFormat.AllCombinations), MemberType = typeof(WireFormat))]
    public void Every_option_combination_reads_frames_at_every_split(LengthPrefixFormat format, ByteOrder order, bool includes)
    {
        var options = WireFormat.Options(format, order, includes);
        var framer = new LengthPrefixedFramer(options);
        // Lengths chosen so 2-byte and varint prefixes change size, plus a trailing partial frame.
        byte[][] payloads = [[], [7], WireFormat.Payload(127), WireFormat.Payload(128), WireFormat.Payload(200)];
        var input = WireFormat.Frames(options, payloads).Concat(WireFormat.Frame(options, [1, 2, 3])[..^1]).ToArray();

        var report = ParserHarness.VerifySplits(Parser(framer), input, options: new SplitOptions { RandomChunkings = 32, MaxSplitPoints = 600 });

        report.ThrowIfInconsistent();
        Assert.Equal(payloads, report.Whole.Messages);
        Assert.Null(report.Whole.Exception);
        Assert.Equal(WireFormat.Frame(options, [1, 2, 3]).Length - 1, report.Whole.RemainingBytes);
    }

    [Fact]
    public void A_prefix_split_across_every_pair_of_segments_reads_the_same()
    {
        var framer = new LengthPrefixedFramer(new LengthPrefixedFramerOptions { Prefix = LengthPrefixFormat.UInt64, ByteOrder = ByteOrder.LittleEndian });
        var frame = WireFormat.Frame(framer.Options, "split me"u8);
        for (var a = 0; a <= frame.Length; a++)
        {
            for (var b = a; b <= frame.Length; b++)
            {
                var buffer = BufferSequence.SplitAt(frame, a, b);

                Assert.True(framer.TryReadFrame(ref buffer, out var payload));
                Assert.Equal("split me"u8.ToArray(), payload.ToArray());
                Assert.True(buffer.IsEmpty);
            }
        }
    }

    [Fact]
    public void Many_frames_in_random_chunkings_from_a_fixed_seed_read_the_same()
    {
        var framer = new LengthPrefixedFramer();
        var random = new Random(2);
        var payloads = Enumerable.Range(0, 200).Select(i => WireFormat.Payload(random.Next(0, 300), i)).ToArray();
        var input = WireFormat.Frames(framer.Options, payloads);

        var report = ParserHarness.VerifySplits(Parser(framer), input,
            options: new SplitOptions { ByteByByte = true, MaxSplitPoints = 200, RandomChunkings = 50, MaxRandomChunkLength = 700 });

        report.ThrowIfInconsistent();
        Assert.Equal(payloads, report.Whole.Messages);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(LengthPrefixedFramerOptions.DefaultMaxFrameLength)]
    public void Round_trips_payload_lengths_through_writer_and_reader(int length)
    {
        var framer = new LengthPrefixedFramer();
        var payload = WireFormat.Payload(length);
        var writer = new ArrayBufferWriter<byte>();

        framer.WriteFrame(writer, payload);
        Assert.Equal(WireFormat.Frame(framer.Options, payload), writer.WrittenSpan.ToArray());

        // Read it back from 4 KiB segments, as a pipe would hand it out.
        var buffer = BufferSequence.Segmented(writer.WrittenMemory, 4096);
        Assert.True(framer.TryReadFrame(ref buffer, out var read));
        Assert.Equal(payload, read.ToArray());
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(WireFormat.AllCombinations), MemberType = typeof(WireFormat))]
    public void Round_trips_the_maximum_frame_length_for_every_combination(LengthPrefixFormat format, ByteOrder order, bool includes)
    {
        var options = WireFormat.Options(format, order, includes);
        var framer = new LengthPrefixedFramer(options);
        var payload = WireFormat.Payload(options.MaxFrameLength);
        var writer = new ArrayBufferWriter<byte>();

        framer.WriteFrame(writer, payload);
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);

        Assert.Equal(WireFormat.Frame(options, payload), writer.WrittenSpan.ToArray());
        Assert.True(framer.TryReadFrame(ref buffer, out var read));
        Assert.Equal(payload, read.ToArray());
    }
}
