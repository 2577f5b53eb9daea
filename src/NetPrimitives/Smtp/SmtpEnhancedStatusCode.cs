using System.Globalization;

namespace NetPrimitives.Smtp;

/// <summary>
/// An RFC 3463 enhanced status code, <c>class.subject.detail</c> (for example <c>5.1.1</c>, "bad destination
/// mailbox address"), sent by servers that advertise ENHANCEDSTATUSCODES (RFC 2034).
/// </summary>
/// <param name="Class">2 (success), 4 (persistent transient failure) or 5 (permanent failure).</param>
/// <param name="Subject">The subject, 0 to 999 (RFC 3463 §3: 1 to 3 digits).</param>
/// <param name="Detail">The detail, 0 to 999 (RFC 3463 §3: 1 to 3 digits).</param>
public readonly record struct SmtpEnhancedStatusCode(int Class, int Subject, int Detail)
{
    /// <summary>Formats the code as <c>class.subject.detail</c>.</summary>
    /// <returns>For example <c>2.1.0</c>.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Class}.{Subject}.{Detail}");

    /// <summary>
    /// Reads a code at the start of <paramref name="text"/>, followed by a space or the end of the text.
    /// RFC 3463 §2: class is one digit 2, 4 or 5; subject and detail are 1 to 3 digits without leading zeros
    /// beyond the value itself.
    /// </summary>
    internal static bool TryParsePrefix(ReadOnlySpan<char> text, out SmtpEnhancedStatusCode code, out int length)
    {
        code = default;
        length = 0;
        if (text.Length < 5 || text[0] is not ('2' or '4' or '5') || text[1] != '.')
        {
            return false;
        }

        var position = 2;
        if (!TryReadNumber(text, ref position, out var subject) || position >= text.Length || text[position] != '.')
        {
            return false;
        }

        position++;
        if (!TryReadNumber(text, ref position, out var detail) || (position < text.Length && text[position] != ' '))
        {
            return false;
        }

        code = new SmtpEnhancedStatusCode(text[0] - '0', subject, detail);
        length = position;
        return true;
    }

    private static bool TryReadNumber(ReadOnlySpan<char> text, ref int position, out int value)
    {
        value = 0;
        var start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]) && position - start < 3)
        {
            value = (value * 10) + (text[position] - '0');
            position++;
        }

        // A fourth digit means this is not an RFC 3463 code.
        return position > start && (position >= text.Length || !char.IsAsciiDigit(text[position]));
    }
}
