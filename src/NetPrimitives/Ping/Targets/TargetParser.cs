using System.Net;
using System.Net.Sockets;

namespace NetPrimitives.Ping.Targets;

/// <summary>
/// Pure parser for target lists: <c>10.0.0.7</c>, <c>10.0.0.0/24</c>, <c>fd00::/120</c>, <c>10.0.0.1-20</c>,
/// <c>10.0.0.1-10.0.1.5</c>, <c>host.example</c>, separated by commas or white space.
/// Counts are computed per entry before anything is enumerated.
/// </summary>
internal static class TargetParser
{
    public static List<TargetEntry> Parse(string text, PingTargetOptions options)
    {
        if (text.Length > options.MaxSpecificationLength)
        {
            throw new PingTargetFormatException(text, PingTargetError.TooLong,
                $"the specification has {text.Length} characters, more than the limit of {options.MaxSpecificationLength}");
        }

        var entries = new List<TargetEntry>();
        foreach (var range in SpanSplit.Split(text, ", \t\r\n"))
        {
            var token = text[range];
            if (token.Length == 0)
            {
                continue;
            }

            if (entries.Count == options.MaxEntries)
            {
                throw new PingTargetFormatException(text, PingTargetError.TooLong,
                    $"the specification has more than {options.MaxEntries} entries");
            }

            entries.Add(ParseEntry(token, options));
        }

        if (entries.Count == 0)
        {
            throw new PingTargetFormatException(text, PingTargetError.Empty, "no target given");
        }

        return entries;
    }

    public static TargetEntry ParseEntry(string entry, PingTargetOptions options)
    {
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            return new TargetEntry(entry, ParseCidr(entry, slash, options), null);
        }

        var dash = entry.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && TryParseAddress(entry.AsSpan(0, dash), out var first))
        {
            return new TargetEntry(entry, ParseRange(entry, first, entry.AsSpan(dash + 1)), null);
        }

        if (TryParseAddress(entry, out var single))
        {
            var n = AddressRange.ToNumber(single);
            var scope = single.AddressFamily == AddressFamily.InterNetworkV6 ? single.ScopeId : 0; // fe80::1%2 keeps its interface
            return new TargetEntry(entry, new AddressRange(single.AddressFamily, n, n, scope), null);
        }

        if (LooksNumeric(entry) || entry.Contains(':', StringComparison.Ordinal))
        {
            throw new PingTargetFormatException(entry, PingTargetError.InvalidAddress,
                "not an IPv4 dotted quad (four decimal octets 0-255, no leading zeros) or an IPv6 address");
        }

        ValidateHostName(entry);
        return new TargetEntry(entry, null, entry.TrimEnd('.'));
    }

    private static AddressRange ParseCidr(string entry, int slash, PingTargetOptions options)
    {
        if (!TryParseAddress(entry.AsSpan(0, slash), out var address))
        {
            throw new PingTargetFormatException(entry, PingTargetError.InvalidAddress, "the part before '/' is not an IP address");
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefixText = entry.AsSpan(slash + 1);
        if (!TryParseDecimal(prefixText, 3, out var prefix) || prefix > bits)
        {
            throw new PingTargetFormatException(entry, PingTargetError.InvalidPrefix, $"the prefix length must be a decimal number from 0 to {bits}");
        }

        // Host bits set (10.0.0.5/24) mean the enclosing block, as nmap and fping read it.
        var hostBits = bits - prefix;
        var hostMask = hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        var first = AddressRange.ToNumber(address) & ~hostMask;
        var last = first | hostMask;
        if (address.AddressFamily == AddressFamily.InterNetwork && prefix < 31 && !options.IncludeNetworkAndBroadcast)
        {
            // RFC 919/922: the all-zeros and all-ones host parts are the network and broadcast addresses;
            // /31 (RFC 3021) and /32 have none.
            first++;
            last--;
        }

        return new AddressRange(address.AddressFamily, first, last);
    }

    private static AddressRange ParseRange(string entry, IPAddress first, ReadOnlySpan<char> right)
    {
        IPAddress last;
        if (first.AddressFamily == AddressFamily.InterNetwork && TryParseDecimal(right, 3, out var lastOctet))
        {
            // a.b.c.d-e: the last octet runs from d to e.
            if (lastOctet > 255)
            {
                throw new PingTargetFormatException(entry, PingTargetError.InvalidRange, "the last octet of a range must be 0-255");
            }

            var bytes = first.GetAddressBytes();
            bytes[3] = (byte)lastOctet;
            last = new IPAddress(bytes);
        }
        else if (!TryParseAddress(right, out last!))
        {
            throw new PingTargetFormatException(entry, PingTargetError.InvalidRange,
                "a range is a.b.c.d-e (last octet) or first-last (two full addresses)");
        }

        if (last.AddressFamily != first.AddressFamily)
        {
            throw new PingTargetFormatException(entry, PingTargetError.MixedFamilies, "a range cannot mix IPv4 and IPv6");
        }

        var a = AddressRange.ToNumber(first);
        var b = AddressRange.ToNumber(last);
        if (b < a)
        {
            throw new PingTargetFormatException(entry, PingTargetError.ReversedRange, "the range ends before it starts");
        }

        return new AddressRange(first.AddressFamily, a, b);
    }

    /// <summary>Strict: IPv4 only as four decimal octets (inet_aton's "10.1", "0x7f.1" and octal "010" are refused).</summary>
    internal static bool TryParseAddress(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':'))
        {
            foreach (var c in text)
            {
                if (!(char.IsAsciiHexDigit(c) || c is ':' or '.' or '%'))
                {
                    return false;
                }
            }

            if (IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                address = v6;
                return true;
            }

            return false;
        }

        Span<byte> octets = stackalloc byte[4];
        var index = 0;
        foreach (var part in SpanSplit.Split(text, "."))
        {
            if (index == 4 || !TryParseDecimal(text[part], 3, out var value) || value > 255)
            {
                return false;
            }

            octets[index++] = (byte)value;
        }

        if (index != 4)
        {
            return false;
        }

        address = new IPAddress(octets);
        return true;
    }

    /// <summary>ASCII decimal without sign or leading zeros, at most <paramref name="maxDigits"/> digits.</summary>
    private static bool TryParseDecimal(ReadOnlySpan<char> text, int maxDigits, out int value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > maxDigits || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool LooksNumeric(string entry)
    {
        foreach (var c in entry)
        {
            if (!(char.IsAsciiDigit(c) || c is '.' or '-' or 'x' or 'X'))
            {
                return false;
            }
        }

        return true;
    }

    // RFC 1123 §2.1 / RFC 1035 §2.3.4: labels of letters, digits, hyphens (not at either end), 1-63 characters;
    // the whole name at most 253 characters; a final dot is allowed. An all-numeric last label is an address typo.
    private static void ValidateHostName(string entry)
    {
        var name = entry.EndsWith('.') ? entry.AsSpan(0, entry.Length - 1) : entry.AsSpan();
        if (name.Length is 0 or > 253)
        {
            throw new PingTargetFormatException(entry, PingTargetError.InvalidHostName, "a host name has 1 to 253 characters");
        }

        var lastLabelNumeric = false;
        foreach (var range in SpanSplit.Split(name, "."))
        {
            var label = name[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                throw new PingTargetFormatException(entry, PingTargetError.InvalidHostName,
                    "each label of a host name has 1-63 characters and does not start or end with '-'");
            }

            lastLabelNumeric = true;
            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    throw new PingTargetFormatException(entry, PingTargetError.InvalidHostName,
                        "a host name has only ASCII letters, digits, '-' and '.' (use punycode for international names)");
                }

                lastLabelNumeric &= char.IsAsciiDigit(c);
            }
        }

        if (lastLabelNumeric)
        {
            throw new PingTargetFormatException(entry, PingTargetError.InvalidHostName, "the last label of a host name cannot be all digits");
        }
    }
}
