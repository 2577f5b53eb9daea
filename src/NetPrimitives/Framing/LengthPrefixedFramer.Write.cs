using System.Buffers;
using System.Buffers.Binary;

namespace NetPrimitives.Framing;

public sealed partial class LengthPrefixedFramer
{
    // Payloads up to this size are written with a single GetSpan/Advance; longer ones in chunks, so a large
    // frame never asks the writer for one huge contiguous block.
    private const int SingleSpanPayload = 4096;
    private const int ChunkHint = 16 * 1024;

    /// <summary>
    /// Writes one frame (prefix, then <paramref name="payload"/>) to <paramref name="writer"/>. Does not
    /// flush. <see cref="LengthPrefixedFramerOptions.MaxFrameLength"/> does not apply to writing; only what
    /// the prefix can represent does.
    /// </summary>
    /// <param name="writer">The destination, such as a <see cref="System.IO.Pipelines.PipeWriter"/> or an <see cref="ArrayBufferWriter{T}"/>.</param>
    /// <param name="payload">The payload; may be empty.</param>
    /// <exception cref="FrameLengthOverflowException">The prefix cannot represent the payload's length; nothing was written.</exception>
    public void WriteFrame(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var prefixLength = GetPrefix(payload.Length, out var value);
        if (payload.Length <= SingleSpanPayload)
        {
            var span = writer.GetSpan(prefixLength + payload.Length);
            WritePrefix(span, value, prefixLength);
            payload.CopyTo(span[prefixLength..]);
            writer.Advance(prefixLength + payload.Length);
            return;
        }

        WritePrefix(writer, value, prefixLength);
        CopyChunked(writer, payload);
    }

    /// <summary>
    /// Writes one frame whose payload is a (possibly multi-segment) sequence, for example a frame just read
    /// with <see cref="TryReadFrame(ref ReadOnlySequence{byte}, out ReadOnlySequence{byte})"/> that is forwarded unchanged. Does not flush.
    /// </summary>
    /// <param name="writer">The destination.</param>
    /// <param name="payload">The payload; may be empty.</param>
    /// <exception cref="FrameLengthOverflowException">The prefix cannot represent the payload's length; nothing was written.</exception>
    public void WriteFrame(IBufferWriter<byte> writer, in ReadOnlySequence<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (payload.IsSingleSegment)
        {
            WriteFrame(writer, payload.FirstSpan);
            return;
        }

        var prefixLength = GetPrefix(payload.Length, out var value);
        if (payload.Length <= SingleSpanPayload)
        {
            var length = (int)payload.Length;
            var span = writer.GetSpan(prefixLength + length);
            WritePrefix(span, value, prefixLength);
            payload.CopyTo(span[prefixLength..]);
            writer.Advance(prefixLength + length);
            return;
        }

        WritePrefix(writer, value, prefixLength);
        foreach (var segment in payload)
        {
            CopyChunked(writer, segment.Span);
        }
    }

    /// <summary>Encodes the prefix for a payload of <paramref name="payloadLength"/> bytes into <paramref name="destination"/>.</summary>
    /// <returns>The prefix length in bytes.</returns>
    internal int EncodePrefix(long payloadLength, Span<byte> destination)
    {
        var prefixLength = GetPrefix(payloadLength, out var value);
        WritePrefix(destination, value, prefixLength);
        return prefixLength;
    }

    /// <summary>The prefix length and the value on the wire for a payload, or the overflow error.</summary>
    private int GetPrefix(long payloadLength, out ulong value)
    {
        if ((ulong)payloadLength > _maxRepresentable)
        {
            throw new FrameLengthOverflowException(payloadLength, _maxRepresentable, _format);
        }

        var length = (ulong)payloadLength;
        if (_fixedSize != 0)
        {
            value = _includesPrefix ? length + (ulong)_fixedSize : length;
            return _fixedSize;
        }

        var size = Varint.SizeOf(length);
        if (_includesPrefix)
        {
            // The prefix counts itself, and adding its size can make the varint one byte longer.
            while (Varint.SizeOf(length + (ulong)size) > size)
            {
                size++;
            }

            length += (ulong)size;
        }

        value = length;
        return size;
    }

    private void WritePrefix(IBufferWriter<byte> writer, ulong value, int prefixLength)
    {
        WritePrefix(writer.GetSpan(prefixLength), value, prefixLength);
        writer.Advance(prefixLength);
    }

    // The mirror of ReadFixed, plus the varint.
    private void WritePrefix(Span<byte> span, ulong value, int prefixLength)
    {
        if (_format == LengthPrefixFormat.Varint)
        {
            var written = Varint.Write(span, value);
            System.Diagnostics.Debug.Assert(written == prefixLength, "varint size and encoding agree");
            return;
        }

        if (_format == LengthPrefixFormat.UInt32 && _bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, (uint)value); // the default format, written most
            return;
        }

        // Any other fixed size: its low prefixLength bytes, the most significant first when big-endian.
        for (var i = 0; i < prefixLength; i++)
        {
            span[_bigEndian ? prefixLength - 1 - i : i] = (byte)(value >> (8 * i));
        }
    }

    private static void CopyChunked(IBufferWriter<byte> writer, ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            var span = writer.GetSpan(Math.Min(source.Length, ChunkHint));
            var count = Math.Min(span.Length, source.Length);
            source[..count].CopyTo(span);
            writer.Advance(count);
            source = source[count..];
        }
    }
}
