using NetPrimitives.Testing;

namespace NetPrimitives.Tests.Framing;

/// <summary>The example of docs/framing.md, compiled and run so the guide cannot rot.</summary>
public sealed class FramingGuideExampleTests
{
    // --- docs/framing.md: the user's own framer -------------------------------------------------
    private static class MyFramer
    {
        // 2-byte big-endian length, then the payload. Copies the message: it must outlive the buffer.
        public static bool TryRead(ref ReadOnlySequence<byte> buffer, out byte[] message)
        {
            var reader = new SequenceReader<byte>(buffer);
            if (!reader.TryReadBigEndian(out short length) || reader.Remaining < (ushort)length)
            {
                message = [];
                return false;
            }

            message = buffer.Slice(2, (ushort)length).ToArray();
            buffer = buffer.Slice(2 + (ushort)length);
            return true;
        }
    }

    // --- docs/framing.md: the tests ---------------------------------------------------------------
    [Fact]
    public void Parser_gives_the_same_messages_however_the_bytes_arrive()
    {
        byte[] input = [0, 2, (byte)'h', (byte)'i', 0, 0, 0, 5, (byte)'p'];   // "hi", "", then a partial frame
        var report = ParserHarness.VerifySplits<byte[]>(MyFramer.TryRead, input); // whole, byte by byte, every split, random chunks
        report.ThrowIfInconsistent();                                            // names the first split that differed
        Assert.Equal(["hi"u8.ToArray(), []], report.Whole.Messages);
        Assert.Equal(3, report.Whole.RemainingBytes);                            // the partial frame waits for more
    }

    [Fact]
    public void Prefix_split_across_segments_is_read()
    {
        var buffer = BufferSequence.FromChunks(new byte[] { 0 }, new byte[] { 2, (byte)'h' }, new byte[] { (byte)'i' });
        Assert.True(MyFramer.TryRead(ref buffer, out var message));
        Assert.Equal("hi"u8.ToArray(), message);
    }

    [Fact]
    public async Task Protocol_works_over_in_memory_pipes_and_chunked_streams()
    {
        var pair = DuplexPipePair.Create();                                      // a socket without the socket
        await pair.Client.Output.WriteAsync(new byte[] { 0, 2, (byte)'h', (byte)'i' });
        var read = await pair.Server.Input.ReadAsync();
        var buffer = read.Buffer;
        Assert.True(MyFramer.TryRead(ref buffer, out var fromPipe));
        pair.Server.Input.AdvanceTo(buffer.Start, buffer.End);

        var stream = new ChunkedStream(new byte[] { 0, 2, (byte)'h', (byte)'i' }, 1); // one byte per Read, like a slow network
        var bytes = new byte[4];
        await stream.ReadExactlyAsync(bytes);
        Assert.Equal(4, stream.ReadCount);
        Assert.Equal(fromPipe, bytes[2..]);
    }

    [Fact]
    public void Harness_catches_a_parser_that_keeps_slices_of_released_buffers()
    {
        // The classic bug: returning a slice of the pipe's memory instead of a copy.
        MessageParser<ReadOnlySequence<byte>> aliasing = (ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message) =>
        {
            message = default;
            var reader = new SequenceReader<byte>(buffer);
            if (!reader.TryReadBigEndian(out short length) || reader.Remaining < (ushort)length)
            {
                return false;
            }

            message = buffer.Slice(2, (ushort)length);
            buffer = buffer.Slice(2 + (ushort)length);
            return true;
        };
        var report = ParserHarness.VerifySplits(aliasing, new byte[] { 0, 1, 7, 0, 1, 8 });

        // Consumed bytes are poisoned as a pipe may reuse them, so the kept slices read back wrong.
        Assert.False(report.IsConsistent);
        Assert.Contains("differs", report.Difference);
    }
}
