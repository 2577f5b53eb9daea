namespace NetPrimitives.Http;

/// <summary>
/// Parses a Range header (RFC 9110 §14.1.2) into byte ranges of a representation of known length, and coalesces them
/// (§14.6). Pure. The policy, chosen like nginx's <c>max_ranges</c> and Apache's post-CVE-2011-3192 <c>MaxRanges</c>:
/// <list type="bullet">
/// <item>a header that is not <c>bytes=</c>, or holds any invalid range-spec, is ignored (§14.2: the whole representation, 200);</item>
/// <item>more range-specs than the cap is ignored too (§14.2 lets a server ignore a Range that looks like a denial of service);</item>
/// <item>unsatisfiable specs are dropped; when none is left the answer is 416 (§15.5.17);</item>
/// <item>ranges that overlap or touch are merged into one (§14.6 allows coalescing), so the parts never repeat a byte and
/// the total never exceeds the representation; the others keep the order they were asked in (§14.6).</item>
/// </list>
/// </summary>
internal static class ByteRange
{
    public enum Result
    {
        /// <summary>Not a Range we serve (other unit, invalid, too many specs): send the whole representation.</summary>
        Ignore,

        /// <summary>One or more ranges inside the representation, in <c>ranges</c>.</summary>
        Satisfiable,

        /// <summary>A valid Range none of whose specs overlaps the representation (416).</summary>
        Unsatisfiable,
    }

    /// <summary>Parses <paramref name="header"/> against a representation of <paramref name="length"/> bytes.</summary>
    /// <param name="header">The Range field value.</param>
    /// <param name="length">The representation's length.</param>
    /// <param name="maxRanges">The most range-specs accepted; more makes the header ignored.</param>
    /// <param name="ranges">Receives the coalesced ranges (start, count) when the result is <see cref="Result.Satisfiable"/>.</param>
    public static Result Parse(string header, long length, int maxRanges, List<(long Start, long Count)> ranges)
    {
        ranges.Clear();
        var value = HttpChars.TrimOws(header.AsSpan());

        // ranges-specifier = range-unit "=" range-set; range units are case-insensitive (§14.1).
        if (value.Length < 6 || !value[..6].Equals("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return Result.Ignore;
        }

        var rest = value[6..];
        var specs = 0;
        var anySpec = false;
        while (!rest.IsEmpty)
        {
            // range-set = 1#range-spec: OWS around elements and empty elements are allowed (§5.6.1).
            var spec = HttpChars.TrimOws(HttpChars.TakeUntil(ref rest, ','));
            if (spec.IsEmpty)
            {
                continue;
            }

            anySpec = true;
            if (++specs > maxRanges)
            {
                return Result.Ignore;
            }

            switch (ParseSpec(spec, length, out var start, out var count))
            {
                case SpecResult.Invalid:
                    return Result.Ignore; // §14.1.1: an invalid range-spec makes the whole ranges-specifier invalid
                case SpecResult.Satisfiable:
                    Add(ranges, start, start + count);
                    break;
            }
        }

        if (!anySpec)
        {
            return Result.Ignore;
        }

        return ranges.Count == 0 ? Result.Unsatisfiable : Result.Satisfiable;
    }

    private enum SpecResult
    {
        Invalid,
        Satisfiable,
        Unsatisfiable,
    }

    /// <summary>int-range = first-pos "-" [ last-pos ]; suffix-range = "-" suffix-length (§14.1.1), resolved against <paramref name="length"/>.</summary>
    private static SpecResult ParseSpec(ReadOnlySpan<char> spec, long length, out long start, out long count)
    {
        start = 0;
        count = 0;
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return SpecResult.Invalid;
        }

        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.IsEmpty)
        {
            // suffix-range: the last n bytes; satisfiable when n > 0 and the representation is not empty.
            if (!TryDigits(last, out var suffix))
            {
                return SpecResult.Invalid;
            }

            if (suffix == 0 || length == 0)
            {
                return SpecResult.Unsatisfiable;
            }

            count = Math.Min(suffix, length);
            start = length - count;
            return SpecResult.Satisfiable;
        }

        if (!TryDigits(first, out start))
        {
            return SpecResult.Invalid;
        }

        var end = long.MaxValue;
        if (!last.IsEmpty && !TryDigits(last, out end))
        {
            return SpecResult.Invalid;
        }

        if (end < start)
        {
            return SpecResult.Invalid; // §14.1.1: last-pos below first-pos is invalid
        }

        if (start >= length)
        {
            return SpecResult.Unsatisfiable;
        }

        end = Math.Min(end, length - 1); // §14.1.1: a last-pos past the end means "to the end"
        count = end - start + 1;
        return SpecResult.Satisfiable;
    }

    /// <summary>Adds [start, end) and merges every range it overlaps or touches into the first of them.</summary>
    private static void Add(List<(long Start, long Count)> ranges, long start, long end)
    {
        var at = -1;
        for (var i = 0; i < ranges.Count; i++)
        {
            var (s, c) = ranges[i];
            if (start <= s + c && s <= end)
            {
                start = Math.Min(start, s);
                end = Math.Max(end, s + c);
                if (at < 0)
                {
                    at = i;
                }
                else
                {
                    ranges.RemoveAt(i--);
                }
            }
        }

        if (at < 0)
        {
            ranges.Add((start, end - start));
        }
        else
        {
            ranges[at] = (start, end - start);
        }
    }

    /// <summary>1*DIGIT; a number too large for a long saturates (it is past the end of any file anyway).</summary>
    private static bool TryDigits(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value > (long.MaxValue - 9) / 10 ? long.MaxValue : (value * 10) + (c - '0');
        }

        return true;
    }
}
