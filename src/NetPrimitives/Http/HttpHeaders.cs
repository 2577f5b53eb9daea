using System.Collections;

namespace NetPrimitives.Http;

/// <summary>
/// Header fields in the order received or added, looked up case-insensitively (RFC 9110 §5.1). A field may
/// occur more than once. Small (at most a hundred fields by default), so a list beats a dictionary.
/// </summary>
public sealed class HttpHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _fields;

    /// <summary>Creates an empty collection.</summary>
    public HttpHeaders()
        : this(8)
    {
    }

    internal HttpHeaders(int capacity) => _fields = new List<KeyValuePair<string, string>>(capacity);

    /// <summary>The number of fields (a repeated name counts each time).</summary>
    public int Count => _fields.Count;

    /// <summary>The first value of <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The field name, any case.</param>
    public string? this[string name] => TryGetValue(name, out var value) ? value : null;

    /// <summary>Adds a field, keeping any existing fields of the same name.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The field value.</param>
    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        _fields.Add(new(name, value));
    }

    /// <summary>Replaces every field named <paramref name="name"/> with one field.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The field value.</param>
    public void Set(string name, string value)
    {
        Remove(name);
        Add(name, value);
    }

    /// <summary>Removes every field named <paramref name="name"/>.</summary>
    /// <param name="name">The field name, any case.</param>
    /// <returns><see langword="true"/> when a field was removed.</returns>
    public bool Remove(string name)
    {
        // A loop rather than RemoveAll with a lambda: the lambda would capture name, an allocation per call.
        var removed = false;
        for (var i = _fields.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_fields[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                _fields.RemoveAt(i);
                removed = true;
            }
        }

        return removed;
    }

    /// <summary>Whether a field named <paramref name="name"/> is present.</summary>
    /// <param name="name">The field name, any case.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(string name) => IndexOf(name, 0) >= 0;

    /// <summary>Gets the first value of <paramref name="name"/>.</summary>
    /// <param name="name">The field name, any case.</param>
    /// <param name="value">The value, or an empty string.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetValue(string name, out string value)
    {
        var index = IndexOf(name, 0);
        value = index >= 0 ? _fields[index].Value : string.Empty;
        return index >= 0;
    }

    /// <summary>Every value of <paramref name="name"/>, in order.</summary>
    /// <param name="name">The field name, any case.</param>
    /// <returns>The values; empty when absent.</returns>
    public IEnumerable<string> GetValues(string name)
    {
        for (var i = IndexOf(name, 0); i >= 0; i = IndexOf(name, i + 1))
        {
            yield return _fields[i].Value;
        }
    }

    /// <summary>Enumerates the fields in order.</summary>
    /// <returns>An enumerator.</returns>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _fields.GetEnumerator();

    /// <summary>Removes every field.</summary>
    internal void Clear() => _fields.Clear();

    /// <summary>How many fields are named <paramref name="name"/>.</summary>
    internal int CountOf(string name)
    {
        var count = 0;
        for (var i = IndexOf(name, 0); i >= 0; i = IndexOf(name, i + 1))
        {
            count++;
        }

        return count;
    }

    internal KeyValuePair<string, string> FieldAt(int index) => _fields[index];

    internal void RemoveAt(int index) => _fields.RemoveAt(index);

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
