using System.Globalization;

namespace NetPrimitives.Http;

internal sealed partial class StaticFileHandler
{
    /// <summary>Validators (RFC 9110 §8.8), conditional requests (§13) and a single byte range (§14).</summary>
    private async Task ServeFileAsync(HttpRequest request, HttpResponse response, FileInfo file)
    {
        // HTTP dates have whole seconds: compare and send the truncated time.
        var modified = new DateTime(file.LastWriteTimeUtc.Ticks - (file.LastWriteTimeUtc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var etag = $"\"{file.Length:x}-{modified.Ticks:x}\"";
        response.Headers.Set("Last-Modified", HttpDate(modified));
        response.Headers.Set("ETag", etag);
        response.Headers.Set("Accept-Ranges", "bytes");

        if (NotModified(request, etag, modified))
        {
            response.StatusCode = 304;
            return;
        }

        response.ContentType = ContentTypes.For(file.Name, _options.DefaultContentType);
        var length = file.Length;
        long start = 0;
        var count = length;
        if (request.Headers["Range"] is { } range && IfRangeHolds(request, etag, modified))
        {
            switch (ByteRange.Parse(range, length, out start, out count))
            {
                case ByteRange.Result.Unsatisfiable:
                    // RFC 9110 §15.5.17: 416 with the current length.
                    response.Headers.Set("Content-Range", $"bytes */{length}");
                    await response.SendErrorAsync(416).ConfigureAwait(false);
                    return;
                case ByteRange.Result.Satisfiable:
                    response.StatusCode = 206;
                    response.Headers.Set("Content-Range", $"bytes {start}-{start + count - 1}/{length}");
                    break;
                default:
                    (start, count) = (0, length); // ignored (several ranges, or not bytes): the whole file, 200
                    break;
            }
        }

        response.ContentLength = count;
        if (request.Method == HttpMethods.Head || count == 0)
        {
            await response.WriteAsync(ReadOnlyMemory<byte>.Empty).ConfigureAwait(false);
            return;
        }

        var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            stream.Position = start;
            var buffer = new byte[64 * 1024];
            var left = count;
            while (left > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left))).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"{file.FullName} shrank while being sent.");
                }

                await response.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
                left -= read;
            }
        }
    }

    /// <summary>RFC 9110 §13.2.2: If-None-Match wins over If-Modified-Since; both give 304 for GET and HEAD.</summary>
    private static bool NotModified(HttpRequest request, string etag, DateTime modified)
    {
        if (request.Headers["If-None-Match"] is { } noneMatch)
        {
            // Weak comparison (§13.1.2): W/ prefixes are ignored.
            return noneMatch.Trim() == "*" || noneMatch.Split(',').Any(t => WithoutWeak(t.Trim()) == etag);
        }

        return request.Headers["If-Modified-Since"] is { } since
            && DateTime.TryParseExact(since, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            && modified <= date;
    }

    /// <summary>RFC 9110 §13.1.5: a Range is honoured only if If-Range (when present) still matches (strong comparison).</summary>
    private static bool IfRangeHolds(HttpRequest request, string etag, DateTime modified)
    {
        if (request.Headers["If-Range"] is not { } ifRange)
        {
            return true;
        }

        ifRange = ifRange.Trim();
        if (ifRange.StartsWith('"'))
        {
            return ifRange == etag;
        }

        return DateTime.TryParseExact(ifRange, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            && date == modified;
    }

    private static string WithoutWeak(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
