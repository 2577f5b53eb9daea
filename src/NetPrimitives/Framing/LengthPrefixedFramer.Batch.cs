using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetPrimitives.Framing;

public sealed partial class LengthPrefixedFramer
{
    // Frames compared and emitted per speculative step (see ReadFramesSpeculatively).
    private const int SpeculationBlock = 4;

    /// <summary>
    /// Reads as many whole frames as fit from the front of a contiguous buffer, up to
    /// <paramref name="payloads"/>' length, and says where each payload lies: <c>buffer.Slice(p.Offset, p.Length)</c>
    /// for each of the first (returned count) entries. Nothing is copied or allocated. Same checks and errors
    /// as <see cref="TryReadFrame(ReadOnlySpan{byte}, out ReadOnlySpan{byte}, out int)"/>, and the same frames
    /// as calling it in a loop; it is faster on runs of frames of one length, which it reads several at a time
    /// (see the remarks).
    /// </summary>
    /// <remarks>
    /// <para>A frame that must be refused never costs the good frames before it: the call returns those, and
    /// <paramref name="consumed"/> stops at the bad frame. The next call, which starts at it, throws.</para>
    /// <para>Why it is faster: a one-frame-at-a-time reader cannot know where frame n+1 starts before it has
    /// loaded frame n's length, so its speed is bounded by that chain of dependent loads. With a fixed-size
    /// prefix this method guesses that the next frames have the length just read, loads their prefixes
    /// independently and compares them all at once; when the guess holds it takes several frames in one
    /// step, and when it does not it reads on one frame at a time. Frames of equal length (fixed-size
    /// records, heartbeats, fixed-size messages) gain the most; with lengths that change on every frame it
    /// costs a little more than the one-frame loop. Every frame still passes the same checks: a prefix equal
    /// to one already accepted declares the same length.</para>
    /// </remarks>
    /// <param name="buffer">The unconsumed bytes.</param>
    /// <param name="payloads">Receives where each frame's payload lies in <paramref name="buffer"/>; at most its length is read.</param>
    /// <param name="consumed">Bytes the returned frames occupy at the front of <paramref name="buffer"/>, prefixes included: slice past them to reach the next frame.</param>
    /// <returns>The number of frames read: 0 when the buffer does not start with a whole frame (or <paramref name="payloads"/> is empty).</returns>
    /// <exception cref="FrameTooLargeException">The first frame's prefix declares more than <see cref="LengthPrefixedFramerOptions.MaxFrameLength"/>.</exception>
    /// <exception cref="InvalidFrameException">The first frame's prefix is a malformed varint, or a length smaller than the prefix when the length includes it.</exception>
    public int TryReadFrames(ReadOnlySpan<byte> buffer, Span<PayloadRange> payloads, out int consumed)
    {
        var count = _isDefaultFormat
            ? ReadFramesSpeculatively<DefaultPrefix>(buffer, payloads, out consumed)
            : _fixedSize != 0
                ? ReadFramesSpeculatively<FixedPrefix>(buffer, payloads, out consumed)
                : ReadFramesOneByOne(buffer, payloads, out consumed);

        if (count == 0 && !payloads.IsEmpty)
        {
            // No whole frame at the front: either not all here yet, or a prefix to refuse, which is this call's
            // to throw for (a call that returned frames stopped before it).
            ThrowIfRefused(buffer);
        }

        return count;
    }

    private int ReadFramesOneByOne(ReadOnlySpan<byte> buffer, Span<PayloadRange> payloads, out int consumed)
    {
        var position = 0;
        var count = 0;
        while (count < payloads.Length && TryPeekFrame(buffer[position..], out var prefixLength, out var length))
        {
            payloads[count++] = new PayloadRange(position + prefixLength, length);
            position += prefixLength + length;
        }

        consumed = position;
        return count;
    }

    /// <summary>
    /// Fixed-size prefixes: one checked frame, then as long as the next <see cref="SpeculationBlock"/> prefixes
    /// are byte for byte the prefix just checked (so they declare the same, accepted, length), that many frames
    /// in one step. The four loads do not depend on each other or on the values they load, only on the stride,
    /// which breaks the load-to-address chain that bounds <see cref="TryReadFrame(ReadOnlySpan{byte}, out ReadOnlySpan{byte}, out int)"/>.
    /// </summary>
    private int ReadFramesSpeculatively<TPrefix>(ReadOnlySpan<byte> buffer, Span<PayloadRange> payloads, out int consumed)
        where TPrefix : struct, IPrefixShape
    {
        ref var data = ref MemoryMarshal.GetReference(buffer);
        ref var results = ref MemoryMarshal.GetReference(payloads);
        var prefixLength = TPrefix.PrefixLength(this);
        // A load as wide as the prefix needs no mask (and must not get one: it sits in the low bits on any host).
        var mask = TPrefix.LoadWidth == prefixLength ? ulong.MaxValue : PrefixMask(prefixLength);
        var position = 0;
        var count = 0;

        // How many frames in a row repeated the prefix before them, and that prefix's bits. Speculating only
        // after two repeats (a counter, not a branch per repeat) keeps frames of changing lengths from paying
        // for mispredicted guesses; they pay one compare of bits already loaded. It is only a hint: TakeRun
        // checks every prefix it takes.
        var run = 0;
        var previous = ulong.MaxValue;
        while (count < payloads.Length && TPrefix.TryPeek(this, buffer[position..], out var length, out var bits))
        {
            Unsafe.Add(ref results, count++) = new PayloadRange(position + prefixLength, length);
            // Branch-free (a setcc, not a jump): with changing lengths an equal pair is rare and a jump on it mispredicts.
            run = (run + 1) & -(bits == previous ? 1 : 0);
            previous = bits;
            var stride = prefixLength + length;
            position += stride;
            if (run < 2)
            {
                continue;
            }

            var steps = TakeRun<TPrefix>(ref data, buffer.Length, ref Unsafe.Add(ref results, count), payloads.Length - count, position, stride, prefixLength, mask);
            count += steps * SpeculationBlock;
            position += steps * SpeculationBlock * stride;
        }

        consumed = position;
        return count;
    }

    /// <summary>
    /// Takes steps of <see cref="SpeculationBlock"/> frames of <c>stride - prefixLength</c> payload bytes each from
    /// <paramref name="position"/> on, as long as their prefixes are the prefix of the frame just before it (which
    /// the caller checked), they lie inside the buffer and the results have room. Returns the steps taken.
    /// Apart from the one-frame loop, so that each keeps its few variables in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int TakeRun<TPrefix>(ref byte data, int bufferLength, ref PayloadRange results, int room, int position, int stride, int prefixLength, ulong mask)
        where TPrefix : struct, IPrefixShape
    {
        // A step reads four prefixes (TPrefix.LoadWidth bytes each, which may run past a tiny frame) and takes
        // four whole frames: both must lie inside the buffer. Long arithmetic: 4 strides can exceed int.
        var lastStep = bufferLength - (((long)SpeculationBlock - 1) * stride) - Math.Max(stride, TPrefix.LoadWidth);
        var maxSteps = room / SpeculationBlock;
        if (maxSteps == 0 || lastStep < position)
        {
            return 0;
        }

        var length = stride - prefixLength;
        var expected = TPrefix.Load(ref data, position - stride) & mask;
        var offset = position + prefixLength;
        var entries = Vector256.Create(offset, length, offset + stride, length, offset + (2 * stride), length, offset + (3 * stride), length);
        var advance = Vector256.Create(SpeculationBlock * stride, 0, SpeculationBlock * stride, 0, SpeculationBlock * stride, 0, SpeculationBlock * stride, 0);
        var steps = 0;
        while (steps < maxSteps && position <= (int)lastStep)
        {
            var p1 = position + stride;
            var p2 = p1 + stride;
            var p3 = p2 + stride;
            var differences = (TPrefix.Load(ref data, position) ^ expected)
                | (TPrefix.Load(ref data, p1) ^ expected)
                | (TPrefix.Load(ref data, p2) ^ expected)
                | (TPrefix.Load(ref data, p3) ^ expected);
            if ((differences & mask) != 0)
            {
                break;
            }

            // The four results differ only in their offsets, which advance by the stride: one vector store of
            // four (Offset, Length) pairs, PayloadRange's two int fields in declaration order (a struct's default
            // sequential layout; the batch tests compare every result with the one-frame reader's).
            entries.StoreUnsafe(ref Unsafe.As<PayloadRange, int>(ref results));
            entries += advance;
            results = ref Unsafe.Add(ref results, SpeculationBlock);
            position = p3 + stride;
            steps++;
        }

        return steps;
    }

    // The bits of an 8-byte load that hold its first prefixLength bytes (the prefix's).
    private static ulong PrefixMask(int prefixLength) => prefixLength == sizeof(ulong)
        ? ulong.MaxValue
        : BitConverter.IsLittleEndian
            ? (1UL << (8 * prefixLength)) - 1
            : ~(ulong.MaxValue >> (8 * prefixLength));

    /// <summary>How the speculative loop checks one frame and loads prefixes, specialised per format by the JIT.</summary>
    private interface IPrefixShape
    {
        /// <summary>Bytes <see cref="Load"/> reads.</summary>
        static abstract int LoadWidth { get; }

        /// <summary>The prefix's size (a constant where the shape allows, so the JIT folds it).</summary>
        static abstract int PrefixLength(LengthPrefixedFramer framer);

        /// <summary>
        /// <see cref="TryPeekFrame(ReadOnlySpan{byte}, out int, out int)"/>, for this shape; <paramref name="bits"/> is the prefix as it lies in memory
        /// (for telling repeats apart, a hint only).
        /// </summary>
        static abstract bool TryPeek(LengthPrefixedFramer framer, ReadOnlySpan<byte> buffer, out int length, out ulong bits);

        /// <summary>The raw bytes at <paramref name="offset"/>, unchecked: the caller has checked the bounds.</summary>
        static abstract ulong Load(ref byte data, int offset);
    }

    /// <summary>The default 4-byte big-endian payload length: one 4-byte load, compared without byte swap.</summary>
    private readonly struct DefaultPrefix : IPrefixShape
    {
        public static int LoadWidth => DefaultPrefixSize;

        public static int PrefixLength(LengthPrefixedFramer framer) => DefaultPrefixSize;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool TryPeek(LengthPrefixedFramer framer, ReadOnlySpan<byte> buffer, out int length, out ulong bits)
        {
            Debug.Assert(framer._isDefaultFormat, "DefaultPrefix is for blocks.py's format only.");
            if (buffer.Length >= DefaultPrefixSize)
            {
                var raw = Unsafe.ReadUnaligned<uint>(ref MemoryMarshal.GetReference(buffer));
                var value = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(raw) : raw;
                bits = raw;
                length = (int)value;
                return value <= (uint)framer._maxFrameLength && value <= (uint)(buffer.Length - DefaultPrefixSize);
            }

            length = 0;
            bits = 0;
            return false;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Load(ref byte data, int offset) => Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref data, offset));
    }

    /// <summary>Any fixed-size prefix (1, 2, 3, 4 or 8 bytes, either order): 8-byte loads, masked to the prefix.</summary>
    private readonly struct FixedPrefix : IPrefixShape
    {
        public static int LoadWidth => sizeof(ulong);

        public static int PrefixLength(LengthPrefixedFramer framer) => framer._fixedSize;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool TryPeek(LengthPrefixedFramer framer, ReadOnlySpan<byte> buffer, out int length, out ulong bits)
        {
            // The decoded value stands in for the bits: equal values are equal prefixes.
            return framer.TryPeekFrame(buffer, out _, out length, out bits);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Load(ref byte data, int offset) => Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref data, offset));
    }
}
