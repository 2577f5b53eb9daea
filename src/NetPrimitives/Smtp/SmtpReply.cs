namespace NetPrimitives.Smtp;

/// <summary>One SMTP reply: a three-digit code and one or more lines of text (RFC 5321 §4.2).</summary>
public sealed class SmtpReply
{
    internal SmtpReply(int code, IReadOnlyList<string> lines, SmtpEnhancedStatusCode? enhancedStatusCode)
    {
        Code = code;
        Lines = lines;
        EnhancedStatusCode = enhancedStatusCode;
    }

    /// <summary>The reply code, 100 to 599 (for example 250).</summary>
    public int Code { get; }

    /// <summary>The text of each line after the code and its separator, in order, as received.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The lines joined with <c>\n</c>.</summary>
    public string Text => string.Join('\n', Lines);

    /// <summary>
    /// The RFC 3463 code from the first line, when the server advertised ENHANCEDSTATUSCODES and the line
    /// carries a code whose class matches the reply's first digit; otherwise <see langword="null"/>.
    /// </summary>
    public SmtpEnhancedStatusCode? EnhancedStatusCode { get; }

    /// <summary>
    /// <see langword="true"/> for 2yz (positive completion). RFC 5321 §4.2.1: an unknown code is judged by its
    /// first digit, so 299 counts as success.
    /// </summary>
    public bool IsPositiveCompletion => Code / 100 == 2;

    /// <summary><see langword="true"/> for 3yz (positive intermediate, for example 354 after DATA).</summary>
    public bool IsPositiveIntermediate => Code / 100 == 3;

    /// <summary><see langword="true"/> for 4yz (transient negative completion: the command may succeed later).</summary>
    public bool IsTransientNegative => Code / 100 == 4;

    /// <summary><see langword="true"/> for 5yz (permanent negative completion).</summary>
    public bool IsPermanentNegative => Code / 100 == 5;

    /// <summary>Formats the reply as it came on the wire, lines joined with <c>\n</c>, without CRLF.</summary>
    /// <returns>For example <c>250-first\n250 last</c>.</returns>
    public override string ToString()
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < Lines.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('\n');
            }

            var last = i == Lines.Count - 1;
            builder.Append(Code);
            if (!last || Lines[i].Length > 0)
            {
                builder.Append(last ? ' ' : '-').Append(Lines[i]);
            }
        }

        return builder.ToString();
    }
}
