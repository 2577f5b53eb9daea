using System.Buffers;

namespace NetPrimitives.Http;

/// <summary>The character classes of RFC 9110 §5.6.2 (token) and §5.5 (field values), as vectorised searches.</summary>
internal static class HttpChars
{
    /// <summary>tchar: "!" / "#" / "$" / "%" / "&amp;" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.</summary>
    public static readonly SearchValues<byte> Token = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>
    /// Bytes that may not appear in a field value: CTLs other than HTAB (NUL, CR, LF...) and DEL. Field values
    /// are VCHAR, SP, HTAB and obs-text (0x80-0xFF), RFC 9110 §5.5.
    /// </summary>
    public static readonly SearchValues<byte> InvalidFieldValue = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000A\u000B\u000C\u000D\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F"u8);

    private static readonly SearchValues<char> TokenChars = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly SearchValues<char> InvalidFieldValueChars = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000A\u000B\u000C\u000D\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    public static readonly SearchValues<byte> HexDigits = SearchValues.Create("0123456789ABCDEFabcdef"u8);

    /// <summary>The value of a hex digit already found in <see cref="HexDigits"/>.</summary>
    public static int HexValue(byte digit) => digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10;

    /// <summary>True when <paramref name="span"/> is a non-empty token.</summary>
    public static bool IsToken(ReadOnlySpan<byte> span) => !span.IsEmpty && !span.ContainsAnyExcept(Token);

    /// <summary>True when <paramref name="text"/> is a non-empty token.</summary>
    public static bool IsToken(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(TokenChars);

    /// <summary>True when <paramref name="text"/> may be sent as a field value (no CR, LF, NUL or other CTL, nothing above U+00FF).</summary>
    public static bool IsFieldValue(string text)
    {
        var span = text.AsSpan();
        if (span.ContainsAny(InvalidFieldValueChars))
        {
            return false;
        }

        if (System.Text.Ascii.IsValid(span))
        {
            return true; // the usual case, vectorised (ContainsAnyInRange on chars was seen to allocate)
        }

        foreach (var c in span)
        {
            if (c > 0xFF)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Removes optional whitespace (SP / HTAB, RFC 9110 §5.6.3) from both ends.</summary>
    public static ReadOnlySpan<byte> TrimOws(ReadOnlySpan<byte> span)
    {
        var start = 0;
        while (start < span.Length && span[start] is (byte)' ' or (byte)'\t')
        {
            start++;
        }

        var end = span.Length;
        while (end > start && span[end - 1] is (byte)' ' or (byte)'\t')
        {
            end--;
        }

        return span[start..end];
    }

    /// <summary>Removes optional whitespace (SP / HTAB) from both ends.</summary>
    public static ReadOnlySpan<char> TrimOws(ReadOnlySpan<char> span) => span.Trim(" \t");

    /// <summary>
    /// The text of <paramref name="rest"/> up to <paramref name="separator"/> (all of it when there is none), and
    /// <paramref name="rest"/> moved past the separator: the next element of a list whose elements hold no quoted
    /// separator (a Range set, a Cookie field's pairs, a query's name=value pairs). Empty for an empty element.
    /// </summary>
    public static ReadOnlySpan<char> TakeUntil(ref ReadOnlySpan<char> rest, char separator)
    {
        var end = rest.IndexOf(separator);
        var element = end < 0 ? rest : rest[..end];
        rest = end < 0 ? [] : rest[(end + 1)..];
        return element;
    }
}
