using System.Collections;

namespace NetPrimitives.Http;

/// <summary>
/// Decoded name/value pairs in the order they appeared: a query string or a form. Names are case-sensitive
/// (as in HTML forms); a name may repeat.
/// </summary>
public sealed class HttpValueCollection : IReadOnlyList<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    internal HttpValueCollection()
    {
    }

    /// <summary>An empty collection.</summary>
    public static HttpValueCollection Empty { get; } = new();

    /// <summary>The number of pairs.</summary>
    public int Count => _pairs.Count;

    /// <summary>The pair at <paramref name="index"/>.</summary>
    /// <param name="index">The position.</param>
    public KeyValuePair<string, string> this[int index] => _pairs[index];

    /// <summary>The first value of <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The name (case-sensitive).</param>
    public string? this[string name]
    {
        get
        {
            foreach (var pair in _pairs)
            {
                if (string.Equals(pair.Key, name, StringComparison.Ordinal))
                {
                    return pair.Value;
                }
            }

            return null;
        }
    }

    /// <summary>Every value of <paramref name="name"/>, in order.</summary>
    /// <param name="name">The name (case-sensitive).</param>
    /// <returns>The values; empty when absent.</returns>
    public IReadOnlyList<string> GetValues(string name) =>
        _pairs.Where(p => string.Equals(p.Key, name, StringComparison.Ordinal)).Select(p => p.Value).ToArray();

    /// <summary>Enumerates the pairs in order.</summary>
    /// <returns>An enumerator.</returns>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _pairs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _pairs.GetEnumerator();

    internal void Add(string name, string value) => _pairs.Add(new(name, value));

    /// <summary>
    /// Parses application/x-www-form-urlencoded text (also the query component): pairs split by '&amp;', name and value by
    /// the first '=', '+' is a space, then percent-decoding as UTF-8 (WHATWG URL, application/x-www-form-urlencoded parser).
    /// </summary>
    /// <exception cref="HttpParseException">A malformed percent escape or invalid UTF-8 (400).</exception>
    internal static HttpValueCollection ParseUrlEncoded(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return Empty;
        }

        var values = new HttpValueCollection();
        while (!text.IsEmpty)
        {
            var pair = HttpChars.TakeUntil(ref text, '&');
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? [] : pair[(equals + 1)..];
            values.Add(PercentDecoder.Decode(name, plusIsSpace: true), PercentDecoder.Decode(value, plusIsSpace: true));
        }

        return values;
    }
}
