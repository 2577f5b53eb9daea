using System.Buffers;
using System.Text;

namespace NetPrimitives.Udp;

/// <summary>The pure upper-casing transforms of <see cref="UpperCaseUdpServer"/> (no I/O, no allocation).</summary>
internal static class UpperCaser
{
    /// <summary>
    /// Python's <c>bytes.upper()</c>: a-z to A-Z, every other byte (including 0x80-0xFF) unchanged.
    /// <paramref name="destination"/> must be at least as long as <paramref name="source"/>.
    /// </summary>
    public static void ToUpperAscii(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        while (!source.IsEmpty)
        {
            // Vectorized over the ASCII run; stops at the first byte >= 0x80.
            var status = Ascii.ToUpper(source, destination, out var written);
            if (status == OperationStatus.Done)
            {
                return;
            }

            destination[written] = source[written];
            source = source[(written + 1)..];
            destination = destination[(written + 1)..];
        }
    }

    /// <summary>
    /// Upper-cases UTF-8 scalar by scalar with <see cref="Rune.ToUpperInvariant"/>; invalid or incomplete
    /// sequences are copied unchanged. Returns false when the result does not fit in <paramref name="destination"/>
    /// (<paramref name="written"/> is then how far it got).
    /// </summary>
    public static bool TryToUpperUtf8(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        written = 0;
        while (!source.IsEmpty)
        {
            if (source[0] < 0x80)
            {
                // ASCII run: same bytes as the ASCII mode, same length, vectorized.
                var run = source.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
                run = run < 0 ? source.Length : run;
                if (destination.Length - written < run)
                {
                    return false;
                }

                Ascii.ToUpper(source[..run], destination.Slice(written, run), out _);
                written += run;
                source = source[run..];
                continue;
            }

            var decode = Rune.DecodeFromUtf8(source, out var rune, out var consumed);
            if (decode == OperationStatus.Done)
            {
                if (!Rune.ToUpperInvariant(rune).TryEncodeToUtf8(destination[written..], out var encoded))
                {
                    return false;
                }

                written += encoded;
            }
            else
            {
                // RFC 3629 §10: invalid sequences must not be interpreted; here they are passed through as they came.
                if (destination.Length - written < consumed)
                {
                    return false;
                }

                source[..consumed].CopyTo(destination[written..]);
                written += consumed;
            }

            source = source[consumed..];
        }

        return true;
    }
}
