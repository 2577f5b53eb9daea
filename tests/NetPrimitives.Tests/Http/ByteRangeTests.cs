using NetPrimitives.Http;

namespace NetPrimitives.Tests.Http;

/// <summary>The Range parser and coalescer (RFC 9110 §14.1.2, §14.2, §14.6) against a 16-byte representation.</summary>
public sealed class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-3", "0+4")]
    [InlineData("bytes=0-1,4-5", "0+2 4+2")]
    [InlineData("BYTES=0-1, 4-5", "0+2 4+2")] // §14.1: units are case-insensitive; OWS around list elements (§5.6.1)
    [InlineData("bytes=0-1,,4-5,", "0+2 4+2")] // §5.6.1: empty list elements are ignored
    [InlineData("bytes=10-11,0-1", "10+2 0+2")] // §14.6: parts keep the order they were asked in
    [InlineData("bytes=0-5,3-8", "0+9")] // overlapping: coalesced (§14.6)
    [InlineData("bytes=0-1,2-3", "0+4")] // touching: coalesced
    [InlineData("bytes=0-1,5-6,1-5", "0+7")] // a later range bridges two earlier ones
    [InlineData("bytes=8-9,0-1,9-12", "8+5 0+2")]
    [InlineData("bytes=0-1,0-1,0-1", "0+2")] // repeats cannot multiply the bytes sent
    [InlineData("bytes=-4", "12+4")]
    [InlineData("bytes=-100", "0+16")] // suffix longer than the representation: all of it (§14.1.1)
    [InlineData("bytes=14-99", "14+2")] // last-pos past the end: to the end
    [InlineData("bytes=0-99999999999999999999999", "0+16")]
    [InlineData("bytes=0-1,20-30", "0+2")] // an unsatisfiable spec among satisfiable ones is dropped
    public void Satisfiable_ranges_are_resolved_and_coalesced(string header, string expected)
    {
        var ranges = new List<(long Start, long Count)>();
        Assert.Equal(ByteRange.Result.Satisfiable, ByteRange.Parse(header, 16, 16, ranges));
        Assert.Equal(expected, string.Join(' ', ranges.Select(r => $"{r.Start}+{r.Count}")));
    }

    [Theory]
    [InlineData("bytes=16-20")]
    [InlineData("bytes=16-,40-50")]
    [InlineData("bytes=-0")] // §14.1.1: a zero suffix-length is not satisfiable
    [InlineData("bytes=99999999999999999999999-")]
    public void No_satisfiable_range_is_416(string header)
    {
        Assert.Equal(ByteRange.Result.Unsatisfiable, ByteRange.Parse(header, 16, 16, []));
    }

    [Fact]
    public void Nothing_is_satisfiable_in_an_empty_representation()
    {
        Assert.Equal(ByteRange.Result.Unsatisfiable, ByteRange.Parse("bytes=0-", 0, 16, []));
        Assert.Equal(ByteRange.Result.Unsatisfiable, ByteRange.Parse("bytes=-5", 0, 16, []));
    }

    [Theory]
    [InlineData("items=0-1")] // another unit
    [InlineData("bytes=5-2")] // §14.1.1: last-pos below first-pos makes the whole header invalid
    [InlineData("bytes=0-1,x")]
    [InlineData("bytes=0-1,5-2")]
    [InlineData("bytes=")]
    [InlineData("bytes=,")]
    [InlineData("bytes=1")]
    [InlineData("bytes=+1-2")]
    [InlineData("bytes=0x1-2")]
    [InlineData("bytes=0 - 1")] // no whitespace inside a range-spec
    [InlineData("bytes =0-1")]
    [InlineData("bytes=--1")]
    public void Invalid_headers_are_ignored(string header)
    {
        Assert.Equal(ByteRange.Result.Ignore, ByteRange.Parse(header, 16, 16, []));
    }

    [Fact]
    public void More_specs_than_the_cap_are_ignored()
    {
        var sixteen = "bytes=" + string.Join(',', Enumerable.Range(0, 16).Select(i => $"{i}-{i}"));
        var ranges = new List<(long Start, long Count)>();
        Assert.Equal(ByteRange.Result.Satisfiable, ByteRange.Parse(sixteen, 16, 16, ranges));
        Assert.Equal([(0L, 16L)], ranges); // sixteen touching ranges: one

        var seventeen = sixteen + ",0-0";
        Assert.Equal(ByteRange.Result.Ignore, ByteRange.Parse(seventeen, 16, 16, ranges));
        Assert.Equal(ByteRange.Result.Ignore, ByteRange.Parse("bytes=0-1,4-5", 16, 1, ranges));
    }
}
