using System.Collections;

namespace NetPrimitives.Http;

/// <summary>
/// Header fields in the order received, looked up case-insensitively (RFC 9110 §5.1). A field may occur
/// more than once. Small (at most a hundred fields by default), so a list beats a dictionary.
/// </summary>
internal sealed class HttpHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _fields;

    public HttpHeaders(int capacity = 8) => _fields = new List<KeyValuePair<string, string>>(capacity);

    public int Count => _fields.Count;

    /// <summary>The first value of <paramref name="name"/>, or <see langword="null"/>.</summary>
    public string? this[string name] => TryGetValue(name, out var value) ? value : null;

    public void Add(string name, string value) => _fields.Add(new(name, value));

    /// <summary>Replaces every field named <paramref name="name"/> with one field.</summary>
    public void Set(string name, string value)
    {
        Remove(name);
        Add(name, value);
    }

    public bool Remove(string name) => _fields.RemoveAll(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)) > 0;

    public bool Contains(string name) => IndexOf(name, 0) >= 0;

    public bool TryGetValue(string name, out string value)
    {
        var index = IndexOf(name, 0);
        value = index >= 0 ? _fields[index].Value : string.Empty;
        return index >= 0;
    }

    /// <summary>How many fields are named <paramref name="name"/>.</summary>
    public int CountOf(string name)
    {
        var count = 0;
        for (var i = IndexOf(name, 0); i >= 0; i = IndexOf(name, i + 1))
        {
            count++;
        }

        return count;
    }

    /// <summary>Every value of <paramref name="name"/>, in order.</summary>
    public IEnumerable<string> GetValues(string name)
    {
        for (var i = IndexOf(name, 0); i >= 0; i = IndexOf(name, i + 1))
        {
            yield return _fields[i].Value;
        }
    }

    public List<KeyValuePair<string, string>>.Enumerator GetEnumerator() => _fields.GetEnumerator();

    IEnumerator<KeyValuePair<string, string>> IEnumerable<KeyValuePair<string, string>>.GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _fields.GetEnumerator();

    private int IndexOf(string name, int start)
    {
        for (var i = start; i < _fields.Count; i++)
        {
            if (string.Equals(_fields[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
