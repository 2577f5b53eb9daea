using System.Globalization;

namespace NetPrimitives.Tests.Http;

/// <summary>
/// A strict reader of a multipart/byteranges body (RFC 9110 §14.6, RFC 2046 §5.1.1) for tests: every delimiter,
/// part field and CRLF must be exactly where it belongs, and each part's data must be as long as its Content-Range says.
/// </summary>
internal static class ByteRangesBody
{
    internal sealed record Part(string ContentType, long Start, long End, long Length, byte[] Data);

    public static string Boundary(string contentType)
    {
        const string Prefix = "multipart/byteranges; boundary=";
        Assert.StartsWith(Prefix, contentType, StringComparison.Ordinal);
        var boundary = contentType[Prefix.Length..];
        Assert.InRange(boundary.Length, 1, 70); // RFC 2046 §5.1.1
        return boundary;
    }

    public static List<Part> Parse(byte[] body, string boundary)
    {
        var parts = new List<Part>();
        var text = Encoding.Latin1.GetString(body); // one char per byte: offsets match
        var position = 0;
        Expect(text, ref position, "--" + boundary + "\r\n");
        while (true)
        {
            string? type = null;
            string? range = null;
            while (true)
            {
                var end = text.IndexOf("\r\n", position, StringComparison.Ordinal);
                Assert.True(end >= 0, "part head not terminated");
                var line = text[position..end];
                position = end + 2;
                if (line.Length == 0)
                {
                    break;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var name = line[..colon];
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    type = value;
                }
                else if (name.Equals("Content-Range", StringComparison.OrdinalIgnoreCase))
                {
                    range = value;
                }
            }

            Assert.NotNull(type);
            Assert.NotNull(range);
            var match = System.Text.RegularExpressions.Regex.Match(range, @"^bytes (\d+)-(\d+)/(\d+)$");
            Assert.True(match.Success, range);
            var first = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var last = long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            var length = long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
            var count = (int)(last - first + 1);
            Assert.True(position + count <= body.Length, "part data cut short");
            parts.Add(new Part(type, first, last, length, body[position..(position + count)]));
            position += count;
            Expect(text, ref position, "\r\n--" + boundary);
            if (text.AsSpan(position).StartsWith("--\r\n"))
            {
                position += 4;
                Assert.Equal(body.Length, position); // nothing after the close delimiter
                return parts;
            }

            Expect(text, ref position, "\r\n");
        }
    }

    private static void Expect(string text, ref int position, string expected)
    {
        Assert.True(
            string.CompareOrdinal(text, position, expected, 0, expected.Length) == 0,
            $"expected {expected.Replace("\r\n", "\\r\\n", StringComparison.Ordinal)} at {position}");
        position += expected.Length;
    }
}
