using System.Globalization;

namespace NetPrimitives.Http;

/// <summary>
/// The "Date: ...\r\n" line (RFC 9110 §6.6.1, IMF-fixdate), formatted at most once per second and shared by
/// every response in that second, as Kestrel's DateHeaderValueManager does.
/// </summary>
internal sealed class HttpDateCache
{
    private readonly TimeProvider _time;
    private readonly bool _systemClock;
    private Entry? _entry;

    public HttpDateCache(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _systemClock = ReferenceEquals(_time, TimeProvider.System);
    }

    /// <summary>The whole header line, "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n", as bytes.</summary>
    public byte[] GetDateLine()
    {
        var entry = _entry;

        // With the system clock, the cheap monotonic tick count says whether the second can have changed, so the
        // wall clock is read about once a second instead of once per response.
        if (entry is not null && _systemClock && Environment.TickCount64 < entry.ValidUntilTick)
        {
            return entry.Line;
        }

        var now = _time.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        if (entry is null || entry.Second != second)
        {
            // Races only format the same second twice; the reference swap keeps readers consistent.
            var line = "Date: " + now.ToString("r", CultureInfo.InvariantCulture) + "\r\n";
            entry = new Entry(second, System.Text.Encoding.ASCII.GetBytes(line), Environment.TickCount64 + 1000 - now.Millisecond);
            _entry = entry;
        }

        return entry.Line;
    }

    private sealed record Entry(long Second, byte[] Line, long ValidUntilTick);
}
