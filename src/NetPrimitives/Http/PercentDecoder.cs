namespace NetPrimitives.Http;

/// <summary>Percent-decoding (RFC 3986 §2.1) of paths, queries and forms into UTF-8 text, strictly.</summary>
internal static class PercentDecoder
{
    /// <summary>Decodes %XX escapes (and '+' when <paramref name="plusIsSpace"/>) and reads the bytes as UTF-8.</summary>
    /// <exception cref="HttpParseException">A '%' not followed by two hex digits, or bytes that are not UTF-8 (400).</exception>
    public static string Decode(ReadOnlySpan<char> text, bool plusIsSpace)
    {
        if (text.IndexOfAny('%', plusIsSpace ? '+' : '%') < 0)
        {
            return text.ToString();
        }

        var bytes = new byte[System.Text.Encoding.UTF8.GetMaxByteCount(text.Length)];
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                {
                    HttpThrow.BadRequest("Malformed percent-encoding");
                }

                bytes[length++] = (byte)((HexValue(text[i + 1]) << 4) | HexValue(text[i + 2]));
                i += 2;
            }
            else if (c == '+' && plusIsSpace)
            {
                bytes[length++] = (byte)' ';
            }
            else
            {
                var width = char.IsHighSurrogate(c) && i + 1 < text.Length ? 2 : 1;
                length += System.Text.Encoding.UTF8.GetBytes(text.Slice(i, width), bytes.AsSpan(length));
                i += width - 1;
            }
        }

        try
        {
            return Strict.GetString(bytes, 0, length);
        }
        catch (System.Text.DecoderFallbackException)
        {
            HttpThrow.BadRequest("Percent-encoded bytes are not UTF-8");
            return null;
        }
    }

    private static readonly System.Text.UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
