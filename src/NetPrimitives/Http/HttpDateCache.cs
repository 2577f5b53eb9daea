using System.Globalization;

namespace NetPrimitives.Http;

/// <summary>
/// The "Date: ...\r\n" line (RFC 9110 §6.6.1, IMF-fixdate), formatted at most once per second and shared by
/// every response in that second, as Kestrel's DateHeaderValueManager does.
/// </summary>
internal sealed class HttpDateCache
{
    private readonly TimeProvider _time;
    private Entry? _entry;

    public HttpDateCache(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>The whole header line, "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n", as bytes.</summary>
    public byte[] GetDateLine()
    {
        var now = _time.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        var entry = _entry;
        if (entry is null || entry.Second != second)
        {
            // Races only format the same second twice; the reference swap keeps readers consistent.
            var line = "Date: " + now.ToString("r", CultureInfo.InvariantCulture) + "\r\n";
            entry = new Entry(second, System.Text.Encoding.ASCII.GetBytes(line));
            _entry = entry;
        }

        return entry.Line;
    }

    private sealed record Entry(long Second, byte[] Line);
}
