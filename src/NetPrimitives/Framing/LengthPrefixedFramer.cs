using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace NetPrimitives.Framing;

/// <summary>
/// Length-prefixed framing: each message travels as a length prefix followed by that many payload bytes.
/// The default format is a 4-byte big-endian payload length, at most 1 MiB; see
/// <see cref="LengthPrefixedFramerOptions"/> for 1/2/3/8-byte, little-endian, varint and
/// length-includes-prefix variants. The pure methods (the <c>TryReadFrame</c> overloads, the
/// <c>WriteFrame</c> overloads) work on buffers, copy nothing and allocate nothing; the async methods read
/// and write pipes and streams. A framer is immutable and safe to share between connections and threads.
/// </summary>
public sealed partial class LengthPrefixedFramer
{
    private readonly LengthPrefixFormat _format;
    private readonly bool _bigEndian;
    private readonly bool _includesPrefix;
    private readonly int _maxFrameLength;
    private readonly LengthPrefixedFramerOptions _options;

    // blocks.py's format (4-byte big-endian length that does not count itself), checked first by TryReadFrame.
    private const int DefaultPrefixSize = 4;
    private readonly bool _isDefaultFormat;

    // Bytes of a fixed-size prefix; 0 for a varint.
    private readonly int _fixedSize;

    // What to subtract from a fixed prefix's value to get the payload length (the prefix size when the
    // length includes it, else 0).
    private readonly ulong _lengthAdjustment;

    // The longest payload the prefix can describe (after subtracting the prefix when the length includes it).
    private readonly ulong _maxRepresentable;

    /// <summary>Creates a framer.</summary>
    /// <param name="options">The wire format and limits, or <see langword="null"/> for the default format (4-byte big-endian payload length, at most 1 MiB). Copied; later changes do not affect the framer.</param>
    /// <exception cref="ArgumentException">An option is out of range, or <see cref="LengthPrefixedFramerOptions.MaxFrameLength"/> is more than the prefix can represent.</exception>
    public LengthPrefixedFramer(LengthPrefixedFramerOptions? options = null)
    {
        var o = options?.Clone() ?? new LengthPrefixedFramerOptions();
        EnumOption.ThrowIfUndefined(o.Prefix, nameof(o.Prefix), nameof(options));
        EnumOption.ThrowIfUndefined(o.ByteOrder, nameof(o.ByteOrder), nameof(options));

        _format = o.Prefix;
        _bigEndian = o.ByteOrder == ByteOrder.BigEndian;
        _includesPrefix = o.LengthIncludesPrefix;
        _fixedSize = FixedSize(o.Prefix);
        _lengthAdjustment = o.LengthIncludesPrefix ? (ulong)_fixedSize : 0;
        _maxRepresentable = MaxRepresentable(o.Prefix, _fixedSize, o.LengthIncludesPrefix);

        if (o.MaxFrameLength < 0)
        {
            throw new ArgumentException($"MaxFrameLength must be at least 0 bytes, not {o.MaxFrameLength}.", nameof(options));
        }

        if ((ulong)o.MaxFrameLength > _maxRepresentable)
        {
            throw new ArgumentException(
                $"MaxFrameLength {o.MaxFrameLength} is more than a {o.Prefix} prefix can represent "
                + $"({_maxRepresentable} bytes{(o.LengthIncludesPrefix ? " once the prefix counts itself" : string.Empty)}); "
                + $"set MaxFrameLength to {_maxRepresentable} or less.",
                nameof(options));
        }

        _maxFrameLength = o.MaxFrameLength;
        _options = o;
        _isDefaultFormat = o.Prefix == LengthPrefixFormat.UInt32 && _bigEndian && !_includesPrefix;
    }

    /// <summary>A copy of the options the framer uses. Changing it does not change the framer.</summary>
    public LengthPrefixedFramerOptions Options => _options.Clone();

    /// <summary>The largest prefix this framer writes or reads, in bytes (1 to 8, or 10 for a varint).</summary>
    public int MaxPrefixLength => _fixedSize == 0 ? Varint.MaxLength : _fixedSize;

    /// <summary>
    /// Reads one frame from the front of <paramref name="buffer"/> without copying. On success the
    /// payload is a slice of <paramref name="buffer"/> (valid as long as the buffer's memory is: until you
    /// advance the pipe past it) and <paramref name="buffer"/> is sliced to start after the frame. When the
    /// buffer does not yet hold a whole frame it returns <see langword="false"/> and leaves
    /// <paramref name="buffer"/> as it was. Allocation-free.
    /// </summary>
    /// <param name="buffer">The unconsumed bytes; sliced past the frame on success.</param>
    /// <param name="payload">The frame's payload (possibly empty: a zero-length frame is valid).</param>
    /// <returns><see langword="true"/> when a whole frame was read.</returns>
    /// <exception cref="FrameTooLargeException">The prefix declares more than <see cref="LengthPrefixedFramerOptions.MaxFrameLength"/>; thrown as soon as the prefix is complete.</exception>
    /// <exception cref="InvalidFrameException">A malformed varint, or a length smaller than the prefix when the length includes it.</exception>
    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload)
    {
        // Fastest path: blocks.py's format (the default) with the frame inside the first segment. It builds
        // the two results with the public constructors, which check far less than Slice (no Seek, no
        // RunningIndex bounds walk), and yields exactly the positions Slice would.
        if (_isDefaultFormat && TryReadDefaultFrameInFirstSegment(ref buffer, out payload))
        {
            return true;
        }

        return TryReadFrameGeneral(ref buffer, out payload);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryReadDefaultFrameInFirstSegment(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload)
    {
        var start = buffer.Start;
        var startObject = start.GetObject();
        var startIndex = start.GetInteger();
        if (startObject is byte[] array)
        {
            // An array-backed sequence is one segment; its Start integer is the array index.
            var available = (int)buffer.Length;
            if (available >= DefaultPrefixSize)
            {
                var length = BinaryPrimitives.ReadUInt32BigEndian(array.AsSpan(startIndex, DefaultPrefixSize));
                if (length <= (uint)_maxFrameLength && length <= (uint)(available - DefaultPrefixSize))
                {
                    var payloadStart = startIndex + DefaultPrefixSize;
                    var payloadEnd = payloadStart + (int)length;
                    payload = new ReadOnlySequence<byte>(array, payloadStart, (int)length);
                    buffer = new ReadOnlySequence<byte>(array, payloadEnd, available - DefaultPrefixSize - (int)length);
                    return true;
                }
            }
        }
        else if (startObject is ReadOnlySequenceSegment<byte> segment)
        {
            // A segment chain (what a Pipe hands out): positions are (segment, index into its Memory).
            var end = buffer.End;
            var span = segment.Memory.Span;
            var singleSegment = ReferenceEquals(segment, end.GetObject());
            var available = (singleSegment ? end.GetInteger() : span.Length) - startIndex;
            if (available >= DefaultPrefixSize)
            {
                var length = BinaryPrimitives.ReadUInt32BigEndian(span.Slice(startIndex, DefaultPrefixSize));
                var room = (uint)(available - DefaultPrefixSize);

                // In a chain, a frame ending exactly at the segment's end must take the general path:
                // Slice places that end at the start of the next segment, and so must we.
                if (length <= (uint)_maxFrameLength && (singleSegment ? length <= room : length < room))
                {
                    var payloadStart = startIndex + DefaultPrefixSize;
                    var payloadEnd = payloadStart + (int)length;
                    payload = new ReadOnlySequence<byte>(segment, payloadStart, segment, payloadEnd);
                    buffer = singleSegment
                        ? new ReadOnlySequence<byte>(segment, payloadEnd, segment, end.GetInteger())
                        : new ReadOnlySequence<byte>(segment, payloadEnd, (ReadOnlySequenceSegment<byte>)end.GetObject()!, end.GetInteger());
                    return true;
                }
            }
        }

        payload = default;
        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryReadFrameGeneral(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload)
    {
        // Fast path: a fixed prefix and its whole payload in the first span (nearly every frame, whatever the
        // segment count). A length that needs a closer look (too large, smaller than the prefix, not all
        // here yet) falls through to the general path, which decides or throws.
        if (_fixedSize != 0)
        {
            var span = buffer.FirstSpan;
            if (span.Length >= _fixedSize)
            {
                // Wraps around to a huge value when the length is smaller than a prefix it includes.
                var length = ReadFixed(span) - _lengthAdjustment;
                if (length <= (ulong)_maxFrameLength && (ulong)(span.Length - _fixedSize) >= length)
                {
                    payload = buffer.Slice(_fixedSize, (int)length);
                    buffer = buffer.Slice(payload.End);
                    return true;
                }
            }
        }

        return TryReadFrameSlow(ref buffer, out payload);
    }

    private bool TryReadFrameSlow(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload)
    {
        if (!TryReadLength(buffer, out var prefixLength, out var payloadLength)
            || buffer.Length - prefixLength < payloadLength)
        {
            payload = default;
            return false;
        }

        payload = buffer.Slice(prefixLength, payloadLength);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>Decodes and checks the prefix at the front of <paramref name="buffer"/>.</summary>
    /// <returns><see langword="false"/> when the prefix is not complete yet.</returns>
    internal bool TryReadLength(in ReadOnlySequence<byte> buffer, out int prefixLength, out int payloadLength)
    {
        ulong raw;
        var first = buffer.FirstSpan;
        if (_fixedSize != 0)
        {
            if (first.Length >= _fixedSize)
            {
                raw = ReadFixed(first);
            }
            else if (buffer.Length >= _fixedSize)
            {
                // The prefix straddles segments: gather it (at most 8 bytes) on the stack.
                Span<byte> gathered = stackalloc byte[8];
                buffer.Slice(0, _fixedSize).CopyTo(gathered);
                raw = ReadFixed(gathered);
            }
            else
            {
                prefixLength = payloadLength = 0;
                return false;
            }

            prefixLength = _fixedSize;
        }
        else if (!Varint.TryRead(first, out raw, out prefixLength)
                 && (buffer.IsSingleSegment || !TryReadVarintAcrossSegments(buffer, out raw, out prefixLength)))
        {
            payloadLength = 0;
            return false;
        }

        payloadLength = CheckLength(raw, prefixLength);
        return true;
    }

    private static bool TryReadVarintAcrossSegments(in ReadOnlySequence<byte> buffer, out ulong value, out int length)
    {
        Span<byte> gathered = stackalloc byte[Varint.MaxLength];
        var count = (int)Math.Min(buffer.Length, Varint.MaxLength);
        buffer.Slice(0, count).CopyTo(gathered);
        return Varint.TryRead(gathered[..count], out value, out length);
    }

    private int CheckLength(ulong raw, int prefixLength)
    {
        if (!IsAcceptable(raw, prefixLength, out var length))
        {
            ThrowRefused(raw, prefixLength);
        }

        return length;
    }

    /// <summary>Whether a decoded prefix value gives a payload length the options accept (and which).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsAcceptable(ulong raw, int prefixLength, out int length)
    {
        // When the length counts the prefix, a value under the prefix size is malformed.
        var adjustment = _includesPrefix ? (ulong)prefixLength : 0;
        var payloadLength = raw - adjustment;
        length = (int)payloadLength;
        return raw >= adjustment && payloadLength <= (ulong)_maxFrameLength;
    }

    private void ThrowRefused(ulong raw, int prefixLength)
    {
        if (_includesPrefix && raw < (ulong)prefixLength)
        {
            ThrowLengthSmallerThanPrefix(raw, prefixLength);
        }

        ThrowTooLarge(_includesPrefix ? raw - (ulong)prefixLength : raw);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong ReadFixed(ReadOnlySpan<byte> prefix) => _format switch
    {
        LengthPrefixFormat.UInt32 when _bigEndian => BinaryPrimitives.ReadUInt32BigEndian(prefix),
        LengthPrefixFormat.UInt8 => prefix[0],
        LengthPrefixFormat.UInt16 => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(prefix) : BinaryPrimitives.ReadUInt16LittleEndian(prefix),
        LengthPrefixFormat.UInt24 => _bigEndian
            ? (uint)(prefix[0] << 16 | prefix[1] << 8 | prefix[2])
            : (uint)(prefix[2] << 16 | prefix[1] << 8 | prefix[0]),
        LengthPrefixFormat.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(prefix),
        _ => _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(prefix) : BinaryPrimitives.ReadUInt64LittleEndian(prefix),
    };

    private static int FixedSize(LengthPrefixFormat format) => format switch
    {
        LengthPrefixFormat.UInt8 => 1,
        LengthPrefixFormat.UInt16 => 2,
        LengthPrefixFormat.UInt24 => 3,
        LengthPrefixFormat.UInt32 => 4,
        LengthPrefixFormat.UInt64 => 8,
        _ => 0,
    };

    private static ulong MaxRepresentable(LengthPrefixFormat format, int fixedSize, bool includesPrefix)
    {
        var max = format is LengthPrefixFormat.UInt64 or LengthPrefixFormat.Varint
            ? ulong.MaxValue
            : (1UL << (8 * fixedSize)) - 1;
        return includesPrefix ? max - (ulong)(fixedSize == 0 ? Varint.MaxLength : fixedSize) : max;
    }

    private void ThrowTooLarge(ulong length) => throw new FrameTooLargeException(length, _maxFrameLength);

    private static void ThrowLengthSmallerThanPrefix(ulong raw, int prefixLength) => throw new InvalidFrameException(
        $"A frame's length {raw} counts its own {prefixLength}-byte prefix, so it cannot be less than {prefixLength}.");
}
