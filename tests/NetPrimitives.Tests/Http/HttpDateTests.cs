using NetPrimitives.Http;

namespace NetPrimitives.Tests.Http;

/// <summary>HTTP-date in its three forms (RFC 9110 §5.6.7), strictly by the grammar, and entity-tag lists (§8.8.3).</summary>
public sealed class HttpDateTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37")] // IMF-fixdate
    [InlineData("Sunday, 06-Nov-94 08:49:37 GMT", "1994-11-06T08:49:37")] // obsolete RFC 850
    [InlineData("Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37")] // asctime, day padded with a space
    [InlineData("Sun Nov 16 08:49:37 1994", "1994-11-16T08:49:37")] // asctime, two-digit day
    [InlineData("Thu Nov 06 08:49:37 1994", "1994-11-06T08:49:37")] // asctime's 2DIGIT form of a small day
    [InlineData("  Sun, 06 Nov 1994 08:49:37 GMT\t", "1994-11-06T08:49:37")] // OWS around a field value
    [InlineData("Wed, 31 Dec 1969 23:59:59 GMT", "1969-12-31T23:59:59")]
    [InlineData("Thu, 29 Feb 2024 00:00:00 GMT", "2024-02-29T00:00:00")] // a leap day
    [InlineData("Wed, 31 Dec 2025 23:59:60 GMT", "2025-12-31T23:59:59")] // a leap second reads as :59
    [InlineData("Mon, 01 Jan 0001 00:00:00 GMT", "0001-01-01T00:00:00")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT", "9999-12-31T23:59:59")]
    [InlineData("Mon, 06 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37")] // a wrong day name is not checked against the date
    [InlineData("Friday, 31-Dec-99 23:59:59 GMT", "1999-12-31T23:59:59")] // 2099 would be > 50 years ahead of 2026
    [InlineData("Saturday, 01-Jan-00 00:00:00 GMT", "2000-01-01T00:00:00")]
    [InlineData("Monday, 01-Jan-76 00:00:00 GMT", "2076-01-01T00:00:00")] // exactly 50 years ahead: kept
    [InlineData("Monday, 01-Jan-77 00:00:00 GMT", "1977-01-01T00:00:00")] // 51 years ahead: the century before
    public void The_three_forms_parse(string text, string expected)
    {
        Assert.True(HttpDate.TryParse(text, Now, out var date), text);
        Assert.Equal(DateTimeKind.Utc, date.Kind);
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), date);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Sun, 06 Nov 1994 08:49:37 UTC")] // the zone is literally GMT
    [InlineData("Sun, 06 Nov 1994 08:49:37 gmt")]
    [InlineData("Sun, 06 Nov 1994 08:49:37 +0000")]
    [InlineData("Sun, 06 Nov 1994 08:49:37")]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMT x")]
    [InlineData("Sun, 6 Nov 1994 08:49:37 GMT")] // IMF-fixdate has a two-digit day
    [InlineData("Sun, 06 nov 1994 08:49:37 GMT")] // names are case-sensitive
    [InlineData("sun, 06 Nov 1994 08:49:37 GMT")]
    [InlineData("Sun, 06 November 1994 08:49:37 GMT")]
    [InlineData("Sun, 06 Nov 94 08:49:37 GMT")]
    [InlineData("Sun, 06 Nov 1994 8:49:37 GMT")]
    [InlineData("Sun, 06 Nov 1994 08:49 GMT")]
    [InlineData("Sun, 06 Nov 1994 24:00:00 GMT")]
    [InlineData("Sun, 06 Nov 1994 08:60:00 GMT")]
    [InlineData("Sun, 06 Nov 1994 08:49:61 GMT")]
    [InlineData("Sun, 31 Nov 1994 08:49:37 GMT")] // no 31 November
    [InlineData("Thu, 29 Feb 2023 08:49:37 GMT")] // not a leap year
    [InlineData("Sun, 00 Nov 1994 08:49:37 GMT")]
    [InlineData("Sun, 06 Nov 0000 08:49:37 GMT")] // year 0 does not exist
    [InlineData("Sun, 06 Nov 1994 08-49-37 GMT")]
    [InlineData("Sun,06 Nov 1994 08:49:37 GMT ")]
    [InlineData("Sun,  06 Nov 1994 08:49:37 GMT")]
    [InlineData("Sun, 0\u0663 Nov 1994 08:49:37 GMT")] // an Arabic-Indic digit is not a DIGIT
    [InlineData("Sun, ０6 Nov 1994 08:49:37 GMT")] // nor is a full-width one
    [InlineData("Xyz, 06 Nov 1994 08:49:37 GMT")]
    [InlineData("Sunday, 06-Nov-1994 08:49:37 GMT")] // RFC 850 has a two-digit year
    [InlineData("Sun, 06-Nov-94 08:49:37 GMT")] // ... and a long day name
    [InlineData("Sunday, 06 Nov 1994 08:49:37 GMT")]
    [InlineData("Sundae, 06-Nov-94 08:49:37 GMT")]
    [InlineData("Sun Nov 6 08:49:37 1994")] // asctime pads the day to two places
    [InlineData("Sun Nov  6 08:49:37 94")]
    [InlineData("Sun Nov  6 08:49:37 1994 GMT")]
    [InlineData("Sun  Nov 6 08:49:37 1994")]
    [InlineData("1994-11-06T08:49:37Z")]
    [InlineData("784111777")]
    [InlineData(",,,,,,,,,,,,,,,,,,,,,,,,,,,,,")]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMT\r\n")] // CR/LF are not OWS
    public void Anything_else_is_not_a_date(string text)
    {
        Assert.False(HttpDate.TryParse(text, Now, out _), text);
    }

    [Fact]
    public void Hostile_lengths_are_refused_without_scanning_them()
    {
        Assert.False(HttpDate.TryParse(new string('9', 1_000_000), Now, out _));
        Assert.False(HttpDate.TryParse("Sunday" + new string(',', 100_000), Now, out _));
        Assert.False(HttpDate.TryParse(new string('A', 100_000) + ", 06-Nov-94 08:49:37 GMT", Now, out _));
    }

    [Fact]
    public void Format_is_imf_fixdate_and_parses_back()
    {
        var time = new DateTimeOffset(1994, 11, 6, 9, 49, 37, TimeSpan.FromHours(1));
        Assert.Equal("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.Format(time));
        Assert.True(HttpDate.TryParse(HttpDate.Format(time), Now, out var back));
        Assert.Equal(time.UtcDateTime, back);
    }

    [Theory]
    [InlineData("\"a\"", "\"a\"", true, true)]
    [InlineData("W/\"a\"", "\"a\"", true, false)] // weak comparison ignores W/, strong does not match it
    [InlineData("\"a\"", "W/\"a\"", true, false)]
    [InlineData("W/\"a\"", "W/\"a\"", true, false)] // two weak tags are never strongly equal
    [InlineData("\"x\", \"a\"", "\"a\"", true, true)]
    [InlineData("\"x\",W/\"a\" ,\"y\"", "\"a\"", true, false)]
    [InlineData(" , \"a\" ,, ", "\"a\"", true, true)] // empty list elements are allowed
    [InlineData("\"a,b\"", "\"a,b\"", true, true)] // a comma inside a tag is part of it
    [InlineData("\"a,b\"", "\"a\"", false, false)]
    [InlineData("\"\"", "\"\"", true, true)] // the empty tag
    [InlineData("\"A\"", "\"a\"", false, false)] // tags are case-sensitive
    [InlineData("*", "\"anything\"", true, true)]
    [InlineData(" * ", "\"anything\"", true, true)]
    public void Entity_tag_lists_compare_weakly_and_strongly(string field, string current, bool weak, bool strong)
    {
        Assert.Equal(weak ? EntityTags.ListMatch.Match : EntityTags.ListMatch.None, EntityTags.Matches(field, current, weak: true));
        Assert.Equal(strong ? EntityTags.ListMatch.Match : EntityTags.ListMatch.None, EntityTags.Matches(field, current, weak: false));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(",")]
    [InlineData("a")] // unquoted
    [InlineData("\"a")] // unterminated
    [InlineData("\"a\" \"b\"")] // no comma between members
    [InlineData("\"a\"x")]
    [InlineData("w/\"a\"")] // W is case-sensitive
    [InlineData("W/ \"a\"")]
    [InlineData("W/a")]
    [InlineData("*, \"a\"")] // "*" stands alone
    [InlineData("\"a\", *")]
    [InlineData("\"a b\"")] // no space in a tag
    [InlineData("\"a\tb\"")]
    [InlineData("\"a\u0001\"")]
    [InlineData("\"a\u0100\"")] // above obs-text
    public void Malformed_lists_cannot_be_evaluated(string field)
    {
        Assert.Equal(EntityTags.ListMatch.Invalid, EntityTags.Matches(field, "\"a\"", weak: true));
    }

    [Fact]
    public void A_huge_list_is_walked_once()
    {
        var many = string.Join(", ", Enumerable.Range(0, 20_000).Select(i => $"\"t{i}\""));
        Assert.Equal(EntityTags.ListMatch.Match, EntityTags.Matches(many, "\"t19999\"", weak: true));
        Assert.Equal(EntityTags.ListMatch.Invalid, EntityTags.Matches("\"" + new string('x', 100_000), "\"x\"", weak: true));
        Assert.True(EntityTags.IsEntityTag("W/\"x\""));
        Assert.False(EntityTags.IsEntityTag("\"x\", \"y\""));
    }
}
