using System.Buffers.Binary;

namespace NetPrimitives.Framing;

public sealed partial class LengthPrefixedFramer
{
    /// <summary>
    /// Reads one frame from the front of a contiguous buffer (an array, a datagram, or the first span of a
    /// pipe's buffer) without copying. On success <paramref name="payload"/> is a slice of
    /// <paramref name="buffer"/> and <paramref name="consumed"/> is the size of the whole frame (prefix and
    /// payload): slice <paramref name="buffer"/> by it to reach the next frame. When the buffer does not yet
    /// hold a whole frame it returns <see langword="false"/> with <paramref name="consumed"/> 0. The same
    /// checks and errors as the <see cref="System.Buffers.ReadOnlySequence{T}"/> overload, with less work per
    /// frame (no sequence positions to build), which shows on small frames. Allocation-free.
    /// </summary>
    /// <param name="buffer">The unconsumed bytes.</param>
    /// <param name="payload">The frame's payload (possibly empty: a zero-length frame is valid).</param>
    /// <param name="consumed">Bytes the frame occupies in <paramref name="buffer"/>, prefix included; 0 when no whole frame was read.</param>
    /// <returns><see langword="true"/> when a whole frame was read.</returns>
    /// <exception cref="FrameTooLargeException">The prefix declares more than <see cref="LengthPrefixedFramerOptions.MaxFrameLength"/>; thrown as soon as the prefix is complete.</exception>
    /// <exception cref="InvalidFrameException">A malformed varint, or a length smaller than the prefix when the length includes it.</exception>
    public bool TryReadFrame(ReadOnlySpan<byte> buffer, out ReadOnlySpan<byte> payload, out int consumed)
    {
        // blocks.py's format (the default): one load, one byte swap, one compare that covers both the limit
        // and "not all here yet" (both send the frame to the general path, which decides or throws).
        if (_isDefaultFormat && buffer.Length >= DefaultPrefixSize)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(buffer);
            if (length <= (uint)_maxFrameLength && length <= (uint)(buffer.Length - DefaultPrefixSize))
            {
                payload = buffer.Slice(DefaultPrefixSize, (int)length);
                consumed = DefaultPrefixSize + (int)length;
                return true;
            }
        }

        return TryReadFrameSpanGeneral(buffer, out payload, out consumed);
    }

    private bool TryReadFrameSpanGeneral(ReadOnlySpan<byte> buffer, out ReadOnlySpan<byte> payload, out int consumed)
    {
        ulong raw;
        int prefixLength;
        if (_fixedSize != 0)
        {
            if (buffer.Length < _fixedSize)
            {
                payload = default;
                consumed = 0;
                return false;
            }

            raw = ReadFixed(buffer);
            prefixLength = _fixedSize;
        }
        else if (!Varint.TryRead(buffer, out raw, out prefixLength))
        {
            payload = default;
            consumed = 0;
            return false;
        }

        // Throws for a length over the limit (or under the prefix it counts) before looking for the payload.
        var length = CheckLength(raw, prefixLength);
        if (buffer.Length - prefixLength < length)
        {
            payload = default;
            consumed = 0;
            return false;
        }

        payload = buffer.Slice(prefixLength, length);
        consumed = prefixLength + length;
        return true;
    }
}
