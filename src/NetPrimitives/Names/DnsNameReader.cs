namespace NetPrimitives.Names;

/// <summary>
/// Reads a possibly compressed domain name (RFC 1035 §4.1.4). Every compression pointer must point strictly
/// before the start of the labels being read, and after the header: so a pointer can neither loop nor point
/// forward or out of range, and decoding always ends.
/// </summary>
internal static class DnsNameReader
{
    private const int MaxWireLength = 255; // RFC 1035 §3.1, including length octets and the root label

    /// <summary>Reads the name at <paramref name="offset"/> and moves it past the name as it appears there.</summary>
    public static string Read(ReadOnlySpan<byte> message, ref int offset, string query)
    {
        Span<char> text = stackalloc char[MaxWireLength * 4]; // worst case: every octet escaped as \DDD
        var length = 0;
        var wire = 0;
        var position = offset;
        var segmentStart = offset;
        var jumped = false;
        while (true)
        {
            if (position >= message.Length)
            {
                throw new DnsFormatException(query, position, "name runs past the end of the message");
            }

            var octet = message[position];
            switch (octet & 0xC0)
            {
                case 0x00 when octet == 0:
                    if (!jumped)
                    {
                        offset = position + 1;
                    }

                    return length == 0 ? "." : new string(text[..length]);

                case 0x00:
                    if (position + 1 + octet > message.Length)
                    {
                        throw new DnsFormatException(query, position, "label runs past the end of the message");
                    }

                    wire += octet + 1;
                    if (wire + 1 > MaxWireLength)
                    {
                        throw new DnsFormatException(query, position, "name longer than 255 octets");
                    }

                    if (length > 0)
                    {
                        text[length++] = '.';
                    }

                    length += AppendLabel(message.Slice(position + 1, octet), text[length..]);
                    position += 1 + octet;
                    break;

                case 0xC0:
                    if (position + 1 >= message.Length)
                    {
                        throw new DnsFormatException(query, position, "compression pointer cut short");
                    }

                    var target = ((octet & 0x3F) << 8) | message[position + 1];
                    if (target >= segmentStart)
                    {
                        throw new DnsFormatException(query, position, $"compression pointer to {target} does not point backward (loop or forward reference)");
                    }

                    if (target < 12)
                    {
                        throw new DnsFormatException(query, position, $"compression pointer to {target} points into the header");
                    }

                    if (!jumped)
                    {
                        offset = position + 2;
                        jumped = true;
                    }

                    position = segmentStart = target;
                    break;

                default:
                    // 0x40 and 0x80: extended label types (RFC 6891 §5), obsolete and never valid in a response to us.
                    throw new DnsFormatException(query, position, $"unsupported label type 0x{octet & 0xC0:X2}");
            }
        }
    }

    // Presentation format (RFC 4343 §2.1): letters, digits, '-', '_' and '*' as is; a '.' or '\' escaped; anything else \DDD.
    private static int AppendLabel(ReadOnlySpan<byte> label, Span<char> destination)
    {
        var n = 0;
        foreach (var b in label)
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '*')
            {
                destination[n++] = c;
            }
            else if (c is '.' or '\\')
            {
                destination[n++] = '\\';
                destination[n++] = c;
            }
            else
            {
                destination[n++] = '\\';
                destination[n++] = (char)('0' + (b / 100));
                destination[n++] = (char)('0' + (b / 10 % 10));
                destination[n++] = (char)('0' + (b % 10));
            }
        }

        return n;
    }
}
