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
        if (TryPeekFrame(buffer, out var prefixLength, out var length))
        {
            payload = buffer.Slice(prefixLength, length);
            consumed = prefixLength + length;
            return true;
        }

        // Not a whole, acceptable frame: find out whether it is merely incomplete or must be refused.
        ThrowIfRefused(buffer);
        payload = default;
        consumed = 0;
        return false;
    }

    /// <summary>
    /// Decodes the frame at the front of <paramref name="buffer"/> without throwing: <see langword="true"/>
    /// exactly when <see cref="TryReadFrame(ReadOnlySpan{byte}, out ReadOnlySpan{byte}, out int)"/> would return
    /// a frame. A frame that would make it throw gives <see langword="false"/> here, as an incomplete one does;
    /// <see cref="ThrowIfRefused"/> tells them apart.
    /// </summary>
    private bool TryPeekFrame(ReadOnlySpan<byte> buffer, out int prefixLength, out int length) =>
        TryPeekFrame(buffer, out prefixLength, out length, out _);

    // The same, also giving the prefix's value as decoded (before subtracting a prefix it counts).
    private bool TryPeekFrame(ReadOnlySpan<byte> buffer, out int prefixLength, out int length, out ulong raw)
    {
        if (_fixedSize != 0)
        {
            if (buffer.Length < _fixedSize)
            {
                prefixLength = length = 0;
                raw = 0;
                return false;
            }

            raw = ReadFixed(buffer);
            prefixLength = _fixedSize;
        }
        else
        {
            // Varint.TryRead throws only for a tenth byte above 1; leave such a byte out, and the varint (if it
            // reaches that far) reads as incomplete instead.
            var scan = Math.Min(buffer.Length, Varint.MaxLength);
            if (scan == Varint.MaxLength && buffer[Varint.MaxLength - 1] > 1)
            {
                scan--;
            }

            if (!Varint.TryRead(buffer[..scan], out raw, out prefixLength))
            {
                length = 0;
                return false;
            }
        }

        return IsAcceptable(raw, prefixLength, out length) && length <= buffer.Length - prefixLength;
    }

    /// <summary>Throws what a bad prefix at the front of <paramref name="buffer"/> deserves; returns when there is none (yet).</summary>
    private void ThrowIfRefused(ReadOnlySpan<byte> buffer)
    {
        ulong raw;
        int prefixLength;
        if (_fixedSize != 0)
        {
            if (buffer.Length < _fixedSize)
            {
                return;
            }

            raw = ReadFixed(buffer);
            prefixLength = _fixedSize;
        }
        else if (!Varint.TryRead(buffer, out raw, out prefixLength))
        {
            // Throws for an over-long varint; false when it is only incomplete.
            return;
        }

        // Throws for a length over the limit (or under the prefix it counts); a good length means the payload
        // is still on its way.
        _ = CheckLength(raw, prefixLength);
    }
}
