namespace NetPrimitives.Http;

/// <summary>A content coding the server can apply to a response body (RFC 9110 §8.4.1).</summary>
internal enum ContentCoding
{
    Identity,
    Gzip,
    Brotli,
}

/// <summary>
/// Content negotiation on Accept-Encoding (RFC 9110 §12.5.3), pure and allocation-free: the list of codings with
/// their weights (§12.4.2), "*" for any coding not listed, "identity" for none; q=0 refuses a coding.
/// </summary>
internal static class AcceptEncoding
{
    private const int Unlisted = -1;

    /// <summary>
    /// The coding to send: the acceptable one (weight above 0) with the highest weight among those offered, brotli
    /// first on a tie; identity when the client weighs identity (or "*") higher, accepts neither, or sent no Accept-Encoding
    /// (§12.5.3 would allow any coding then, but a client that says nothing may not decode one).
    /// </summary>
    /// <param name="fields">Every Accept-Encoding field value of the request (several combine into one list, §5.3).</param>
    /// <param name="brotli">Whether brotli is offered.</param>
    /// <param name="gzip">Whether gzip is offered.</param>
    public static ContentCoding Select(HttpHeaders fields, bool brotli, bool gzip)
    {
        var weights = new Weights();
        var present = false;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields.FieldAt(i); // indexed: no enumerator
            if (string.Equals(field.Key, HttpHeaderNames.AcceptEncoding, StringComparison.OrdinalIgnoreCase))
            {
                present = true;
                Parse(field.Value, ref weights);
            }
        }

        return present ? Choose(weights, brotli, gzip) : ContentCoding.Identity;
    }

    /// <summary>As <see cref="Select(HttpHeaders, bool, bool)"/>, for one field value.</summary>
    public static ContentCoding Select(ReadOnlySpan<char> value, bool brotli, bool gzip)
    {
        var weights = new Weights();
        Parse(value, ref weights);
        return Choose(weights, brotli, gzip);
    }

    /// <summary>
    /// Parses a qvalue (RFC 9110 §12.4.2: "0" ["." 0*3DIGIT] / "1" ["." 0*3"0"]) into thousandths, 0 to 1000.
    /// </summary>
    public static bool TryParseWeight(ReadOnlySpan<char> text, out int thousandths)
    {
        thousandths = 0;
        if (text.IsEmpty || text[0] is not ('0' or '1') || text.Length > 5 || (text.Length > 1 && text[1] != '.'))
        {
            return false;
        }

        var fraction = 0;
        var scale = 100;
        foreach (var c in text[Math.Min(2, text.Length)..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            fraction += (c - '0') * scale;
            scale /= 10;
        }

        if (text[0] == '1' && fraction != 0)
        {
            return false; // above 1
        }

        thousandths = text[0] == '1' ? 1000 : fraction;
        return true;
    }

    private static ContentCoding Choose(in Weights weights, bool brotli, bool gzip)
    {
        var brotliWeight = brotli ? Weight(weights.Brotli, weights.Any, 0) : 0;
        var gzipWeight = gzip ? Weight(weights.Gzip, weights.Any, 0) : 0;

        // Identity stays acceptable when not listed (§12.5.3), as the fallback: it is preferred only when the client
        // weighs it (or "*") above the best coding, as servers commonly read "gzip;q=0.5" as "gzip, please".
        var identityWeight = Weight(weights.Identity, weights.Any, 0);
        var (coding, weight) = brotliWeight >= gzipWeight ? (ContentCoding.Brotli, brotliWeight) : (ContentCoding.Gzip, gzipWeight);
        return weight > 0 && weight >= identityWeight ? coding : ContentCoding.Identity;
    }

    private static int Weight(int listed, int any, int otherwise) => listed != Unlisted ? listed : any != Unlisted ? any : otherwise;

    // #element list (RFC 9110 §5.6.1): empty elements are allowed; an element that does not parse is skipped.
    private static void Parse(ReadOnlySpan<char> value, ref Weights weights)
    {
        var position = 0;
        while (position <= value.Length)
        {
            var element = HttpChars.TrimOws(NextPart(value, ',', ref position));
            if (element.IsEmpty)
            {
                continue;
            }

            var parameters = 0;
            var coding = HttpChars.TrimOws(NextPart(element, ';', ref parameters));
            if (!HttpChars.IsToken(coding) || !TryParseParameters(element, parameters, out var weight))
            {
                continue;
            }

            weights.Set(coding, weight);
        }
    }

    // weight = OWS ";" OWS "q=" qvalue; other parameters are ignored, a malformed q voids the element.
    private static bool TryParseParameters(ReadOnlySpan<char> element, int position, out int weight)
    {
        weight = 1000;
        while (position <= element.Length)
        {
            var parameter = HttpChars.TrimOws(NextPart(element, ';', ref position));
            var equals = parameter.IndexOf('=');
            var name = HttpChars.TrimOws(equals < 0 ? parameter : parameter[..equals]);
            if (name is "q" or "Q" && (equals < 0 || !TryParseWeight(HttpChars.TrimOws(parameter[(equals + 1)..]), out weight)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The text up to the next <paramref name="separator"/> outside a quoted-string (§5.6.4); moves past it.</summary>
    private static ReadOnlySpan<char> NextPart(ReadOnlySpan<char> text, char separator, ref int position)
    {
        var start = position;
        var quoted = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted && c == '\\')
            {
                i++; // quoted-pair
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == separator && !quoted)
            {
                position = i + 1;
                return text[start..i];
            }
        }

        position = text.Length + 1;
        return text[Math.Min(start, text.Length)..];
    }

    private struct Weights
    {
        public int Brotli;
        public int Gzip;
        public int Identity;
        public int Any;

        public Weights() => Brotli = Gzip = Identity = Any = Unlisted;

        // The first entry for a coding counts; x-gzip is gzip (§8.4.1.3); codings we do not offer are forgotten.
        public void Set(ReadOnlySpan<char> coding, int weight)
        {
            if (coding.Equals("br", StringComparison.OrdinalIgnoreCase))
            {
                Brotli = First(Brotli, weight);
            }
            else if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
            {
                Gzip = First(Gzip, weight);
            }
            else if (coding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                Identity = First(Identity, weight);
            }
            else if (coding is "*")
            {
                Any = First(Any, weight);
            }
        }

        private static int First(int current, int weight) => current == Unlisted ? weight : current;
    }
}
