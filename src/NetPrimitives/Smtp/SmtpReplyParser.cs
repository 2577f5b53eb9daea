using System.Buffers;
using System.Text;
using NetPrimitives.Framing;

namespace NetPrimitives.Smtp;

/// <summary>
/// The pure SMTP reply parser (RFC 5321 §4.2): reads one whole reply, single- or multi-line, from the front of
/// a buffer, on top of <see cref="LineFramer"/>. No I/O; limits are checked before a line is buffered whole, so
/// a server sending endless bytes without a line end gets a <see cref="SmtpProtocolException"/>, never an
/// unbounded buffer or a hang.
/// </summary>
internal sealed class SmtpReplyParser
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly LineFramer _lines;
    private readonly int _maxLineLength;
    private readonly int _maxLines;

    /// <param name="maxLineLength">The longest reply line, in bytes including CRLF (RFC 5321 §4.5.3.1.5 counts it so).</param>
    /// <param name="maxLines">The most lines in one reply.</param>
    public SmtpReplyParser(int maxLineLength = SmtpClientRawOptions.DefaultMaxReplyLineLength, int maxLines = SmtpClientRawOptions.DefaultMaxReplyLines)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 5);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, 1);
        _maxLineLength = maxLineLength;
        _maxLines = maxLines;

        // RFC 5321 requires CRLF; a bare LF is tolerated in replies (Postel), never sent by us.
        _lines = new LineFramer(new LineFramerOptions { LineEnding = LineEnding.LfOrCrLf, MaxLineLength = maxLineLength - 2 });
    }

    /// <summary>
    /// Parse RFC 3463 enhanced status codes from the first line of each reply. Set after EHLO advertised
    /// ENHANCEDSTATUSCODES (RFC 2034 §3); before that a leading <c>2.0.0</c> is just text.
    /// </summary>
    public bool EnhancedStatusCodes { get; set; }

    /// <summary>Reads one whole reply from the front of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The unconsumed bytes; sliced past the reply on success, untouched otherwise.</param>
    /// <param name="reply">The reply read.</param>
    /// <returns><see langword="false"/> when the buffer does not hold a whole reply yet.</returns>
    /// <exception cref="SmtpProtocolException">The bytes are not a valid reply or exceed a limit.</exception>
    public bool TryReadReply(ref ReadOnlySequence<byte> buffer, out SmtpReply reply)
    {
        reply = null!;

        // Pass 1 validates and finds the end without allocating, so a partial multi-line reply costs nothing
        // while more bytes arrive; pass 2 materialises the lines once.
        if (!TryFindEnd(buffer, out var end, out var code, out var lineCount))
        {
            return false;
        }

        var whole = buffer.Slice(0, end);
        var lines = new string[lineCount];
        for (var i = 0; i < lineCount; i++)
        {
            _lines.TryReadLine(ref whole, out var line);
            lines[i] = line.Length > 4 ? Utf8.GetString(line.Slice(4)) : string.Empty;
        }

        SmtpEnhancedStatusCode? enhanced = null;
        if (EnhancedStatusCodes
            && SmtpEnhancedStatusCode.TryParsePrefix(lines[0], out var parsed, out _)
            && parsed.Class == code / 100)
        {
            enhanced = parsed;
        }

        reply = new SmtpReply(code, lines, enhanced);
        buffer = buffer.Slice(end);
        return true;
    }

    private bool TryFindEnd(ReadOnlySequence<byte> buffer, out SequencePosition end, out int code, out int lineCount)
    {
        end = default;
        code = -1;
        lineCount = 0;
        var rest = buffer;
        while (true)
        {
            ReadOnlySequence<byte> line;
            try
            {
                if (!_lines.TryReadLine(ref rest, out line))
                {
                    return false;
                }
            }
            catch (LineTooLongException ex)
            {
                throw new SmtpProtocolException($"An SMTP reply line is longer than the limit of {_maxLineLength} bytes including CRLF.", ex);
            }

            if (++lineCount > _maxLines)
            {
                throw new SmtpProtocolException($"An SMTP reply has more than the limit of {_maxLines} lines.");
            }

            var last = ReadLineHead(line, out var lineCode);
            if (code >= 0 && lineCode != code)
            {
                // RFC 5321 §4.2.1: every line of a multi-line reply carries the same code.
                throw new SmtpProtocolException($"An SMTP multi-line reply changed its code from {code} to {lineCode}.");
            }

            code = lineCode;
            if (last)
            {
                end = rest.Start;
                return true;
            }
        }
    }

    /// <summary>Validates <c>NNN</c>, <c>NNN text</c> or <c>NNN-text</c>; returns whether the line is the last.</summary>
    private static bool ReadLineHead(ReadOnlySequence<byte> line, out int code)
    {
        Span<byte> head = stackalloc byte[4];
        var length = (int)Math.Min(line.Length, 4);
        line.Slice(0, length).CopyTo(head);
        if (length < 3 || !IsDigit(head[0]) || !IsDigit(head[1]) || !IsDigit(head[2]))
        {
            throw Malformed(head[..length]);
        }

        code = ((head[0] - '0') * 100) + ((head[1] - '0') * 10) + (head[2] - '0');

        // RFC 5321 §4.2: the first digit is 2 to 5; an unknown code is judged by that digit alone.
        if (head[0] is < (byte)'2' or > (byte)'5')
        {
            throw new SmtpProtocolException($"SMTP reply code {code} is outside 200-599.");
        }

        if (length == 3)
        {
            // A bare code (RFC 5321 §4.2: the text is optional) ends the reply.
            return true;
        }

        return head[3] switch
        {
            (byte)' ' => true,
            (byte)'-' => false,
            _ => throw Malformed(head),
        };
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static SmtpProtocolException Malformed(ReadOnlySpan<byte> head)
    {
        var shown = Encoding.ASCII.GetString(head).Replace("\r", "\\r", StringComparison.Ordinal);
        return new SmtpProtocolException($"Malformed SMTP reply line starting with \"{shown}\": expected a 3-digit code followed by a space, a hyphen or the line end.");
    }
}
