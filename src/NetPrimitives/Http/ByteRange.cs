using System.Globalization;

namespace NetPrimitives.Http;

/// <summary>Parses a Range header for one byte range (RFC 9110 §14.1.2). Pure.</summary>
internal static class ByteRange
{
    public enum Result
    {
        /// <summary>Not a single byte range we serve (other unit, several ranges, malformed): send the whole representation.</summary>
        Ignore,

        /// <summary>A range inside the representation.</summary>
        Satisfiable,

        /// <summary>A well-formed range wholly past the end (416).</summary>
        Unsatisfiable,
    }

    public static Result Parse(string header, long length, out long start, out long count)
    {
        start = 0;
        count = 0;
        header = header.Trim();
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return Result.Ignore;
        }

        var spec = header[6..].Trim();
        if (spec.Contains(',', StringComparison.Ordinal))
        {
            return Result.Ignore; // several ranges: a server MAY ignore Range (§14.2); multipart/byteranges is not served
        }

        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return Result.Ignore;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            // suffix-range "-n": the last n bytes.
            if (!TryDigits(last, out var suffix) || suffix == 0)
            {
                return suffix == 0 && last.Length > 0 ? Result.Unsatisfiable : Result.Ignore;
            }

            if (length == 0)
            {
                return Result.Unsatisfiable;
            }

            count = Math.Min(suffix, length);
            start = length - count;
            return Result.Satisfiable;
        }

        if (!TryDigits(first, out start))
        {
            return Result.Ignore;
        }

        long end = length - 1;
        if (last.Length > 0)
        {
            if (!TryDigits(last, out end) || end < start)
            {
                return Result.Ignore; // invalid range-spec: ignored (§14.1.1)
            }
        }

        if (start >= length)
        {
            return Result.Unsatisfiable;
        }

        end = Math.Min(end, length - 1);
        count = end - start + 1;
        return Result.Satisfiable;
    }

    private static bool TryDigits(string text, out long value)
    {
        value = 0;
        return text.Length > 0 && text.All(char.IsAsciiDigit) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
