using NetPrimitives.Framing;
using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Framing;

public sealed class VarintPrefixTests
{
    private static readonly LengthPrefixedFramer Framer = new(new() { Prefix = LengthPrefixFormat.Varint });

    [Theory]
    [InlineData(0UL, new byte[] { 0x00 })]
    [InlineData(1UL, new byte[] { 0x01 })]
    [InlineData(127UL, new byte[] { 0x7F })]
    [InlineData(128UL, new byte[] { 0x80, 0x01 })]
    [InlineData(300UL, new byte[] { 0xAC, 0x02 })] // the protobuf encoding guide's example
    [InlineData(16384UL, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(ulong.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void Encodes_and_decodes_like_protobuf(ulong value, byte[] encoded)
    {
        Span<byte> buffer = stackalloc byte[10];
        var written = Varint.Write(buffer, value);

        Assert.Equal(encoded, buffer[..written].ToArray());
        Assert.Equal(encoded.Length, Varint.SizeOf(value));
        Assert.True(Varint.TryRead(encoded, out var decoded, out var length));
        Assert.Equal(value, decoded);
        Assert.Equal(encoded.Length, length);
    }

    [Fact]
    public void Incomplete_varint_waits_for_more_bytes()
    {
        var buffer = new ReadOnlySequence<byte>([0x80, 0x80, 0x80]);

        Assert.False(Framer.TryReadFrame(ref buffer, out _));
        Assert.Equal(3, buffer.Length);
    }

    [Fact]
    public void Varint_longer_than_ten_bytes_is_invalid()
    {
        var bytes = Enumerable.Repeat((byte)0x80, 10).Append((byte)0x00).ToArray();
        var buffer = new ReadOnlySequence<byte>(bytes);

        var error = Assert.Throws<InvalidFrameException>(() => Framer.TryReadFrame(ref buffer, out _));
        Assert.Contains("longer than 10 bytes", error.Message);
    }

    [Fact]
    public void Varint_above_two_to_the_64_is_invalid()
    {
        byte[] bytes = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02];
        var buffer = new ReadOnlySequence<byte>(bytes);

        var error = Assert.Throws<InvalidFrameException>(() => Framer.TryReadFrame(ref buffer, out _));
        Assert.Contains("2^64-1", error.Message);
    }

    [Fact]
    public void Largest_varint_is_refused_as_too_large_not_overflowed()
    {
        byte[] bytes = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        var buffer = new ReadOnlySequence<byte>(bytes);

        var error = Assert.Throws<FrameTooLargeException>(() => Framer.TryReadFrame(ref buffer, out _));
        Assert.Equal(ulong.MaxValue, error.Length);
    }

    [Fact]
    public void Over_long_varint_is_detected_the_same_at_every_split()
    {
        var input = WireFormat.Frame(Framer.Options, "ok"u8).Concat(Enumerable.Repeat((byte)0xFF, 12)).ToArray();
        MessageParser<byte[]> parser = (ref ReadOnlySequence<byte> buffer, out byte[] message) =>
        {
            var ok = Framer.TryReadFrame(ref buffer, out var payload);
            message = ok ? payload.ToArray() : [];
            return ok;
        };

        var report = ParserHarness.VerifySplits(parser, input);

        report.ThrowIfInconsistent();
        Assert.Single(report.Whole.Messages);
        Assert.IsType<InvalidFrameException>(report.Whole.Exception);
    }

    [Fact]
    public void Non_minimal_varint_is_accepted_as_protobuf_does()
    {
        // 3 encoded in two bytes (0x83 0x00): legal for protobuf parsers, so legal here.
        var buffer = new ReadOnlySequence<byte>([0x83, 0x00, 1, 2, 3]);

        Assert.True(Framer.TryReadFrame(ref buffer, out var payload));
        Assert.Equal([1, 2, 3], payload.ToArray());
    }

    [Fact]
    public void Length_including_prefix_grows_the_varint_when_needed()
    {
        var framer = new LengthPrefixedFramer(new() { Prefix = LengthPrefixFormat.Varint, LengthIncludesPrefix = true });
        var writer = new ArrayBufferWriter<byte>();

        // 126 + 1 = 127 fits one byte; 127 + 1 = 128 needs two bytes, so the value is 127 + 2 = 129.
        framer.WriteFrame(writer, new byte[126]);
        Assert.Equal(0x7F, writer.WrittenSpan[0]);
        writer.Clear();
        framer.WriteFrame(writer, new byte[127]);
        Assert.Equal([0x81, 0x01], writer.WrittenSpan[..2].ToArray());

        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        Assert.True(framer.TryReadFrame(ref buffer, out var payload));
        Assert.Equal(127, payload.Length);
    }
}
