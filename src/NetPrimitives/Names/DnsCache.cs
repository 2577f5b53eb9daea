using System.Collections.Concurrent;

namespace NetPrimitives.Names;

/// <summary>
/// Positive answers kept for their TTL (the smallest TTL among the answer records, RFC 2181 §5.2). Records come
/// out with their TTL reduced by the time spent here. Negative answers are not cached.
/// </summary>
internal sealed class DnsCache(int capacity, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Name, DnsRecordType Type), Entry> _entries = new(KeyComparer.Instance);

    public int Count => _entries.Count;

    public bool TryGet(string name, DnsRecordType type, out DnsResponse response)
    {
        response = null!;
        if (!_entries.TryGetValue((name, type), out var entry))
        {
            return false;
        }

        var age = time.GetElapsedTime(entry.Stored);
        if (age >= entry.Lifetime)
        {
            _entries.TryRemove(new KeyValuePair<(string, DnsRecordType), Entry>((name, type), entry));
            return false;
        }

        var answers = entry.Response.Answers.Select(r => r.WithTimeToLive(r.TimeToLive - age)).ToArray();
        response = entry.Response.With(answers, entry.Response.ViaTcp, fromCache: true);
        return true;
    }

    public void Store(string name, DnsRecordType type, DnsResponse response)
    {
        if (response.ResponseCode != DnsResponseCode.NoError || response.Answers.Count == 0 || response.IsTruncated)
        {
            return;
        }

        var lifetime = response.Answers.Min(r => r.TimeToLive);
        if (lifetime <= TimeSpan.Zero)
        {
            return; // TTL 0: use once, never cache (RFC 1035 §3.2.1)
        }

        if (_entries.Count >= capacity)
        {
            Sweep();
            if (_entries.Count >= capacity)
            {
                return;
            }
        }

        _entries[(name, type)] = new Entry(response, time.GetTimestamp(), lifetime);
    }

    private void Sweep()
    {
        foreach (var pair in _entries)
        {
            if (time.GetElapsedTime(pair.Value.Stored) >= pair.Value.Lifetime)
            {
                _entries.TryRemove(pair);
            }
        }
    }

    private sealed record Entry(DnsResponse Response, long Stored, TimeSpan Lifetime);

    private sealed class KeyComparer : IEqualityComparer<(string Name, DnsRecordType Type)>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals((string Name, DnsRecordType Type) x, (string Name, DnsRecordType Type) y) =>
            x.Type == y.Type && StringComparer.OrdinalIgnoreCase.Equals(x.Name, y.Name);

        public int GetHashCode((string Name, DnsRecordType Type) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Name), obj.Type);
    }
}
