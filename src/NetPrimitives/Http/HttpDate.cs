using System.Globalization;

namespace NetPrimitives.Http;

/// <summary>
/// HTTP-date (RFC 9110 §5.6.7): sent as IMF-fixdate, read in all three forms a recipient must accept, strictly by
/// their grammar (a date that does not parse is no date: the conditional field that carries it is ignored). Pure.
/// </summary>
internal static class HttpDate
{
    private static readonly string[] ShortDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    private static readonly string[] LongDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>IMF-fixdate, e.g. <c>Sun, 06 Nov 1994 08:49:37 GMT</c>.</summary>
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses <c>Sun, 06 Nov 1994 08:49:37 GMT</c> (IMF-fixdate), <c>Sunday, 06-Nov-94 08:49:37 GMT</c> (obsolete RFC 850)
    /// or <c>Sun Nov  6 08:49:37 1994</c> (asctime). An RFC 850 year that would be more than 50 years after
    /// <paramref name="now"/> is taken from the century before (§5.6.7). A leap second (:60) reads as :59.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, DateTimeOffset now, out DateTime utc)
    {
        utc = default;
        text = HttpChars.TrimOws(text);
        var comma = text.IndexOf(',');
        int day, month, year;
        ReadOnlySpan<char> time;
        if (comma == 3)
        {
            // IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT; date1 = 2DIGIT SP month SP 4DIGIT
            if (text.Length != 29 || IndexOf(ShortDays, text[..3]) < 0 || text[4] != ' ' || text[7] != ' ' || text[11] != ' '
                || text[16] != ' ' || text[25] != ' ' || !text[26..].SequenceEqual("GMT")
                || !TryDigits(text[5..7], out day) || !TryMonth(text[8..11], out month) || !TryDigits(text[12..16], out year))
            {
                return false;
            }

            time = text[17..25];
        }
        else if (comma > 3)
        {
            // rfc850-date = day-name-l "," SP date2 SP time-of-day SP GMT; date2 = 2DIGIT "-" month "-" 2DIGIT
            var rest = text[(comma + 1)..];
            if (IndexOf(LongDays, text[..comma]) < 0 || rest.Length != 23 || rest[0] != ' ' || rest[3] != '-' || rest[7] != '-'
                || rest[10] != ' ' || rest[19] != ' ' || !rest[20..].SequenceEqual("GMT")
                || !TryDigits(rest[1..3], out day) || !TryMonth(rest[4..7], out month) || !TryDigits(rest[8..10], out var twoDigits))
            {
                return false;
            }

            year = (now.UtcDateTime.Year / 100 * 100) + twoDigits;
            if (year > now.UtcDateTime.Year + 50)
            {
                year -= 100;
            }

            time = rest[11..19];
        }
        else if (comma < 0)
        {
            // asctime-date = day-name SP date3 SP time-of-day SP year; date3 = month SP ( 2DIGIT / ( SP DIGIT ) )
            if (text.Length != 24 || IndexOf(ShortDays, text[..3]) < 0 || text[3] != ' ' || text[7] != ' ' || text[10] != ' '
                || text[19] != ' ' || !TryMonth(text[4..7], out month) || !TryDigits(text[20..24], out year)
                || !(text[8] == ' ' ? TryDigits(text[9..10], out day) : TryDigits(text[8..10], out day)))
            {
                return false;
            }

            time = text[11..19];
        }
        else
        {
            return false;
        }

        // time-of-day = hour ":" minute ":" second, 00:00:00 - 23:59:60 (leap second)
        if (time[2] != ':' || time[5] != ':' || !TryDigits(time[..2], out var hour) || !TryDigits(time[3..5], out var minute)
            || !TryDigits(time[6..], out var second) || hour > 23 || minute > 59 || second > 60
            || year < 1 || month < 1 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        utc = new DateTime(year, month, day, hour, minute, Math.Min(second, 59), DateTimeKind.Utc);
        return true;
    }

    private static bool TryMonth(ReadOnlySpan<char> text, out int month)
    {
        month = IndexOf(Months, text) + 1;
        return month > 0;
    }

    // Names are case-sensitive in the grammar (%s"Mon", %s"Jan").
    private static int IndexOf(string[] names, ReadOnlySpan<char> text)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (text.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
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
}
