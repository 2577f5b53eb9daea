using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NetPrimitives.Names;

/// <summary>
/// Checks host names before any lookup and recognises IP literals. Pure: no I/O.
/// Rules: RFC 1035 §2.3.4 (label ≤ 63 octets, name ≤ 253 characters in text form), RFC 1123 §2.1
/// (letters, digits, hyphen; a label may start with a digit), plus '_' which SRV and service names use
/// (RFC 2782). Internationalised names are converted to their ASCII (punycode) form first.
/// </summary>
internal static class HostNameValidator
{
    public const int MaxNameLength = 253;
    public const int MaxLabelLength = 63;

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    /// <summary>
    /// Returns the address when <paramref name="text"/> is an IP literal: a strict dotted quad, or an IPv6
    /// address (optionally in brackets, optionally with a %scope). "1" or "0x7f.1" are not literals here, unlike
    /// inet_aton: they are rejected as names instead, so nothing surprising is looked up.
    /// </summary>
    public static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        var span = text.AsSpan().Trim();
        if (span.Length >= 2 && span[0] == '[' && span[^1] == ']')
        {
            span = span[1..^1];
        }

        if (span.Contains(':'))
        {
            if (IPAddress.TryParse(span, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                address = v6;
                return true;
            }

            return false;
        }

        return TryParseDottedQuad(span, out address);
    }

    /// <summary>
    /// Validates <paramref name="name"/> and returns its ASCII form without a trailing root dot.
    /// Throws <see cref="InvalidHostNameException"/> naming the first problem found.
    /// </summary>
    public static string Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidHostNameException(name, "the name is empty");
        }

        // Check the raw length first so a hostile megabyte string is not handed to IdnMapping.
        if (name.Length > MaxNameLength + 1)
        {
            throw new InvalidHostNameException(name, $"the name is longer than {MaxNameLength} characters ({name.Length})");
        }

        var ascii = name;
        if (!IsAscii(name))
        {
            try
            {
                ascii = Idn.GetAscii(name);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidHostNameException(name, $"not a valid internationalised name ({ex.Message.TrimEnd('.')})");
            }
        }

        // One trailing dot names the root explicitly (an absolute name); it is not an empty label.
        if (ascii.EndsWith('.'))
        {
            ascii = ascii[..^1];
        }

        if (ascii.Length == 0)
        {
            throw new InvalidHostNameException(name, "the name is empty");
        }

        if (ascii.Length > MaxNameLength)
        {
            throw new InvalidHostNameException(name, $"the name is longer than {MaxNameLength} characters ({ascii.Length})");
        }

        CheckLabels(name, ascii);
        return ascii;
    }

    private static void CheckLabels(string original, string ascii)
    {
        var start = 0;
        var lastLabelNumeric = false;
        while (start <= ascii.Length)
        {
            var end = ascii.IndexOf('.', start);
            if (end < 0)
            {
                end = ascii.Length;
            }

            var label = ascii.AsSpan(start, end - start);
            if (label.Length == 0)
            {
                throw new InvalidHostNameException(original, $"empty label at position {start}");
            }

            if (label.Length > MaxLabelLength)
            {
                throw new InvalidHostNameException(original, $"label '{label[..10]}...' is longer than {MaxLabelLength} characters ({label.Length})");
            }

            for (var i = 0; i < label.Length; i++)
            {
                var c = label[i];
                if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
                {
                    throw new InvalidHostNameException(original, $"bad character '{Printable(c)}' at position {start + i}");
                }
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                throw new InvalidHostNameException(original, $"label '{label}' starts or ends with a hyphen");
            }

            lastLabelNumeric = IsAllDigits(label);
            start = end + 1;
        }

        // RFC 3696 §2: a top-level label is never all-numeric; such a name is a malformed address ("1.2.3.999").
        if (lastLabelNumeric)
        {
            throw new InvalidHostNameException(original, "the last label is numeric but the name is not an IP address");
        }
    }

    private static bool TryParseDottedQuad(ReadOnlySpan<char> span, out IPAddress address)
    {
        address = IPAddress.None;
        Span<byte> bytes = stackalloc byte[4];
        for (var part = 0; part < 4; part++)
        {
            var dot = span.IndexOf('.');
            var digits = part < 3 ? (dot < 0 ? default : span[..dot]) : span;
            if (digits.Length is 0 or > 3 || !IsAllDigits(digits) || (digits.Length > 1 && digits[0] == '0'))
            {
                return false;
            }

            var value = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            if (value > 255)
            {
                return false;
            }

            bytes[part] = (byte)value;
            span = part < 3 ? span[(dot + 1)..] : default;
        }

        address = new IPAddress(bytes);
        return true;
    }

    private static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return s.Length > 0;
    }

    private static bool IsAscii(string s)
    {
        foreach (var c in s)
        {
            if (c > 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    private static string Printable(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"\\u{(int)c:X4}" : c.ToString();
}
