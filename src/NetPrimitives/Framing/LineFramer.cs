using System.Buffers;

namespace NetPrimitives.Framing;

/// <summary>
/// Line framing: messages end with LF, CR LF or either (see <see cref="LineFramerOptions.LineEnding"/>),
/// at most <see cref="LineFramerOptions.MaxLineLength"/> bytes each. The same shape as
/// <see cref="LengthPrefixedFramer"/>: a pure, allocation-free <see cref="TryReadLine"/> and
/// <see cref="WriteLine"/> over buffers, and async reads and writes over pipes and streams. Lines are
/// bytes; decode them with the encoding your protocol uses. Immutable and safe to share.
/// </summary>
public sealed partial class LineFramer
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';

    private readonly LineEnding _ending;
    private readonly int _maxLineLength;
    private readonly byte[] _terminator;
    private readonly LineFramerOptions _options;

    // The longest ending a line can have when reading (CR LF = 2, LF = 1).
    private readonly int _maxEndingLength;

    /// <summary>Creates a line framer.</summary>
    /// <param name="options">The line ending and limit, or <see langword="null"/> for the defaults. Copied.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public LineFramer(LineFramerOptions? options = null)
    {
        var o = options?.Clone() ?? new LineFramerOptions();
        EnumOption.ThrowIfUndefined(o.LineEnding, nameof(o.LineEnding), nameof(options));
        if (o.WriteTerminator is { } terminatorSetting)
        {
            EnumOption.ThrowIfUndefined(terminatorSetting, nameof(o.WriteTerminator), nameof(options));
        }

        if (o.MaxLineLength < 1)
        {
            throw new ArgumentException($"MaxLineLength must be at least 1 byte, not {o.MaxLineLength}.", nameof(options));
        }

        _ending = o.LineEnding;
        _maxLineLength = o.MaxLineLength;
        _maxEndingLength = o.LineEnding == LineEnding.Lf ? 1 : 2;
        var terminator = o.WriteTerminator ?? (o.LineEnding == LineEnding.Lf ? LineTerminator.Lf : LineTerminator.CrLf);
        _terminator = terminator == LineTerminator.Lf ? [Lf] : [Cr, Lf];
        _options = o;
    }

    /// <summary>A copy of the options the framer uses.</summary>
    public LineFramerOptions Options => _options.Clone();

    /// <summary>
    /// Reads one line from the front of <paramref name="buffer"/> without copying: on success
    /// <paramref name="line"/> is the line without its ending (a slice of <paramref name="buffer"/>) and
    /// <paramref name="buffer"/> starts after the ending. Returns <see langword="false"/> and leaves
    /// <paramref name="buffer"/> alone when no whole line has arrived yet. Looks at no more than
    /// <see cref="LineFramerOptions.MaxLineLength"/> plus the ending's bytes. Allocation-free.
    /// </summary>
    /// <param name="buffer">The unconsumed bytes; sliced past the line and its ending on success.</param>
    /// <param name="line">The line without its ending (possibly empty).</param>
    /// <returns><see langword="true"/> when a whole line was read.</returns>
    /// <exception cref="LineTooLongException">The line is, or has already become, longer than the maximum.</exception>
    public bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        // Never scan past the longest valid line: a peer that sends no ending costs a bounded amount of work.
        var limit = (long)_maxLineLength + _maxEndingLength;
        var window = buffer.Length > limit ? buffer.Slice(0, limit) : buffer;

        if (_ending == LineEnding.CrLf)
        {
            var reader = new SequenceReader<byte>(window);
            if (reader.TryReadTo(out line, "\r\n"u8, advancePastDelimiter: true))
            {
                buffer = buffer.Slice(reader.Position);
                return true;
            }
        }
        else if (window.PositionOf(Lf) is { } lf)
        {
            line = window.Slice(0, lf);
            if (_ending == LineEnding.LfOrCrLf && EndsWithCr(line))
            {
                line = line.Slice(0, line.Length - 1);
            }

            if (line.Length > _maxLineLength)
            {
                throw new LineTooLongException(line.Length, _maxLineLength);
            }

            buffer = buffer.Slice(window.GetPosition(1, lf));
            return true;
        }

        ThrowIfAlreadyTooLong(window);
        line = default;
        return false;
    }

    /// <summary>
    /// Writes <paramref name="line"/> and the line terminator to <paramref name="writer"/>. Does not flush.
    /// </summary>
    /// <param name="writer">The destination.</param>
    /// <param name="line">The line, without an ending.</param>
    /// <exception cref="ArgumentException">The line contains the terminator itself, which would let its content forge line ends (an SMTP or HTTP injection).</exception>
    public void WriteLine(IBufferWriter<byte> writer, ReadOnlySpan<byte> line)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (line.IndexOf(_terminator) >= 0)
        {
            throw new ArgumentException("A line cannot contain the line terminator; it would be read back as two lines.", nameof(line));
        }

        var span = writer.GetSpan(line.Length + _terminator.Length);
        line.CopyTo(span);
        _terminator.CopyTo(span[line.Length..]);
        writer.Advance(line.Length + _terminator.Length);
    }

    /// <summary>The bytes written after each line.</summary>
    internal ReadOnlySpan<byte> Terminator => _terminator;

    /// <summary>
    /// No ending in <paramref name="window"/>: throws when no valid line can still come out of these bytes.
    /// </summary>
    private void ThrowIfAlreadyTooLong(in ReadOnlySequence<byte> window)
    {
        var length = window.Length;
        if (length <= _maxLineLength)
        {
            return;
        }

        // One byte over the maximum is still fine when it is the CR of a CR LF ending still on its way.
        if (length == _maxLineLength + 1L && _maxEndingLength == 2 && EndsWithCr(window))
        {
            return;
        }

        throw new LineTooLongException(length - (EndsWithCr(window) && _maxEndingLength == 2 ? 1 : 0), _maxLineLength);
    }

    private static bool EndsWithCr(in ReadOnlySequence<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return false;
        }

        if (bytes.IsSingleSegment)
        {
            return bytes.FirstSpan[^1] == Cr;
        }

        // The last byte may sit after empty segments; the reader skips them.
        var reader = new SequenceReader<byte>(bytes.Slice(bytes.Length - 1));
        return reader.TryPeek(out var last) && last == Cr;
    }
}
