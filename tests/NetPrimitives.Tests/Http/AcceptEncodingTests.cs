using NetPrimitives.Http;

namespace NetPrimitives.Tests.Http;

/// <summary>Accept-Encoding negotiation (RFC 9110 §12.5.3) and weights (§12.4.2), pure, with hostile values.</summary>
public sealed class AcceptEncodingTests
{
    [Theory]
    [InlineData("gzip, deflate, br, zstd", "Brotli")] // what browsers send: brotli first on a tie
    [InlineData("gzip, deflate", "Gzip")] // curl --compressed without brotli, many libraries
    [InlineData("br", "Brotli")]
    [InlineData("BR", "Brotli")] // codings are case-insensitive
    [InlineData("x-gzip", "Gzip")] // §8.4.1.3: x-gzip is gzip
    [InlineData("gzip;q=1.0, br;q=0.5", "Gzip")] // the higher weight wins
    [InlineData("gzip;q=0.5, br;q=0.8", "Brotli")]
    [InlineData("br;q=0, gzip", "Gzip")] // q=0 refuses
    [InlineData("br;q=0, gzip;q=0", "Identity")]
    [InlineData("br;q=0.000, gzip;Q=0", "Identity")] // the parameter name is case-insensitive
    [InlineData("*", "Brotli")]
    [InlineData("*;q=0.1", "Brotli")] // "*" weighs identity too: 0.1 each, and a tie compresses
    [InlineData("*;q=0.5, identity;q=0.1", "Brotli")]
    [InlineData("*;q=0, gzip", "Gzip")] // an explicit entry beats "*"
    [InlineData("gzip;q=0.5, identity", "Identity")] // the client prefers no coding
    [InlineData("gzip;q=0.5, identity;q=0.5", "Gzip")] // equal: compress
    [InlineData("identity", "Identity")]
    [InlineData("identity;q=0", "Identity")] // nothing else offered: identity anyway (we never answer 406)
    [InlineData("", "Identity")] // §12.5.3: an empty value wants no coding
    [InlineData("deflate, zstd, compress", "Identity")] // codings we do not offer
    [InlineData(" ,, gzip ,", "Gzip")] // empty list elements are allowed
    [InlineData("gzip ; q=0.8 , br ; q=0.9", "Brotli")] // OWS around ';' and '='... BWS as seen in the wild
    [InlineData("gzip;q=0.8;level=9", "Gzip")] // other parameters are ignored
    [InlineData("gzip;foo=\"a,br;q=1\"", "Gzip")] // a quoted string hides its commas and semicolons
    [InlineData("gzip;foo=\"a\\\"b,br\"", "Gzip")] // ... and its escaped quotes
    [InlineData("br;q=2, gzip", "Gzip")] // an invalid weight voids its element
    [InlineData("br;q=1.001, gzip", "Gzip")]
    [InlineData("br;q=0.1234, gzip", "Gzip")]
    [InlineData("br;q=-1, gzip", "Gzip")]
    [InlineData("br;q=, gzip", "Gzip")]
    [InlineData("br;q, gzip", "Gzip")]
    [InlineData("br;q=.5, gzip", "Gzip")]
    [InlineData("br;q=1e0, gzip", "Gzip")]
    [InlineData("b r, gzip", "Gzip")] // not a token
    [InlineData("br\u0000, gzip", "Gzip")]
    [InlineData("gzip;q=0.5, gzip;q=1, br;q=0.6", "Brotli")] // the first entry for a coding counts
    public void Chooses_the_coding_the_client_weighs_highest(string value, string expected)
    {
        Assert.Equal(expected, AcceptEncoding.Select(value, brotli: true, gzip: true).ToString());
    }

    [Theory]
    [InlineData("gzip, br", true, false, "Brotli")]
    [InlineData("gzip, br", false, true, "Gzip")]
    [InlineData("br", false, true, "Identity")]
    [InlineData("*", false, true, "Gzip")]
    public void Only_offered_codings_are_chosen(string value, bool brotli, bool gzip, string expected)
    {
        Assert.Equal(expected, AcceptEncoding.Select(value, brotli, gzip).ToString());
    }

    [Fact]
    public void Several_fields_are_one_list_and_no_field_means_no_coding()
    {
        var headers = new HttpHeaders();
        Assert.Equal(ContentCoding.Identity, AcceptEncoding.Select(headers, brotli: true, gzip: true));
        headers.Add("Accept-Encoding", "br;q=0");
        headers.Add("accept-encoding", "gzip");
        Assert.Equal(ContentCoding.Gzip, AcceptEncoding.Select(headers, brotli: true, gzip: true));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("0.", 0)]
    [InlineData("0.5", 500)]
    [InlineData("0.05", 50)]
    [InlineData("0.005", 5)]
    [InlineData("0.999", 999)]
    [InlineData("1", 1000)]
    [InlineData("1.", 1000)]
    [InlineData("1.000", 1000)]
    public void Weights_parse_to_thousandths(string text, int expected)
    {
        Assert.True(AcceptEncoding.TryParseWeight(text, out var weight));
        Assert.Equal(expected, weight);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".5")]
    [InlineData("00")]
    [InlineData("0.0000")]
    [InlineData("1.1")]
    [InlineData("2")]
    [InlineData("0,5")]
    [InlineData("0.5 ")]
    [InlineData("+1")]
    [InlineData("0.\u0665")]
    public void Invalid_weights_are_refused(string text)
    {
        Assert.False(AcceptEncoding.TryParseWeight(text, out _));
    }

    [Fact]
    public void Hostile_values_are_parsed_in_one_pass_without_allocating()
    {
        var huge = string.Join(",", Enumerable.Repeat("x-unknown;q=0.5;a=\"b,c\"", 5_000)) + ", gzip";
        var unterminated = "gzip;x=\"" + new string(',', 100_000);
        var commas = new string(',', 100_000) + "br";
        AcceptEncoding.Select(huge, true, true); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        var huge1 = AcceptEncoding.Select(huge, true, true);
        var unterminated1 = AcceptEncoding.Select(unterminated, true, true);
        var commas1 = AcceptEncoding.Select(commas, true, true);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        Assert.Equal(ContentCoding.Gzip, huge1);
        Assert.Equal(ContentCoding.Gzip, unterminated1); // the open quote swallows the rest, the coding is still gzip
        Assert.Equal(ContentCoding.Brotli, commas1);
    }
}
