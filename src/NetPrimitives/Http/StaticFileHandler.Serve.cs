using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NetPrimitives.Http;

internal sealed partial class StaticFileHandler
{
    /// <summary>Validators (RFC 9110 §8.8), conditional requests (§13) and byte ranges (§14).</summary>
    private async Task ServeFileAsync(HttpRequest request, HttpResponse response, FileInfo file)
    {
        // HTTP dates have whole seconds: compare and send the truncated time.
        var modified = new DateTime(file.LastWriteTimeUtc.Ticks - (file.LastWriteTimeUtc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var etag = $"\"{file.Length:x}-{modified.Ticks:x}\"";
        var now = _clock.GetUtcNow();
        response.Headers.Set("Last-Modified", HttpDate.Format(modified));
        response.Headers.Set("ETag", etag);
        response.Headers.Set("Accept-Ranges", _options.MaxRanges > 0 ? "bytes" : "none");
        var contentType = _contentTypes.TryGetValue(Path.GetExtension(file.Name), out var type) ? type : _options.DefaultContentType;
        var length = file.Length;

        // Before a 304: it carries the Vary (and weak ETag) that the 200 would, compressed or not (§15.4.5).
        response.PlanCompression(contentType, length);
        if (NotModified(request, etag, modified, now))
        {
            response.StatusCode = 304;
            return;
        }

        response.ContentType = contentType;

        // §14.2: GET is the only method with range handling; Range on anything else (HEAD included) is ignored.
        if (request.Method == HttpMethods.Get && _options.MaxRanges > 0 && request.Headers[HttpHeaderNames.Range] is { } header
            && IfRangeHolds(request, etag, modified, now))
        {
            var ranges = new List<(long Start, long Count)>();
            switch (ByteRange.Parse(header, length, _options.MaxRanges, ranges))
            {
                case ByteRange.Result.Unsatisfiable:
                    // §15.5.17: 416 with the current length.
                    response.Headers.Set("Content-Range", $"bytes */{length}");
                    await response.SendErrorAsync(416).ConfigureAwait(false);
                    return;
                case ByteRange.Result.Satisfiable when ranges.Count == 1:
                    var (start, count) = ranges[0];
                    response.StatusCode = 206;
                    response.Headers.Set("Content-Range", ContentRange(start, count, length));
                    response.ContentLength = count;
                    await SendRangesAsync(response, file, ranges, null).ConfigureAwait(false);
                    return;
                case ByteRange.Result.Satisfiable:
                    await SendMultipartAsync(response, file, ranges, contentType).ConfigureAwait(false);
                    return;
            }
        }

        response.ContentLength = length;
        if (request.Method == HttpMethods.Head || length == 0)
        {
            await response.WriteAsync(ReadOnlyMemory<byte>.Empty).ConfigureAwait(false);
            return;
        }

        await SendRangesAsync(response, file, [(0, length)], null).ConfigureAwait(false);
    }

    /// <summary>
    /// §14.6: 206 with a multipart/byteranges body, each part with its Content-Type and Content-Range. The length is
    /// computed before anything is sent (the part heads are small and the ranges' sizes known), so the response has
    /// a Content-Length and the file is streamed, never held in memory.
    /// </summary>
    private static async Task SendMultipartAsync(HttpResponse response, FileInfo file, List<(long Start, long Count)> ranges, string contentType)
    {
        // The boundary must not occur in the parts (RFC 2046 §5.1.1); 24 random hex digits make that vanishingly unlikely.
        var boundary = RandomNumberGenerator.GetHexString(24, lowercase: true);
        var heads = new byte[ranges.Count + 1][];
        long total = 0;
        for (var i = 0; i < ranges.Count; i++)
        {
            // The first delimiter needs no leading CRLF (RFC 2046 §5.1.1), the others end the previous part's data.
            var (start, count) = ranges[i];
            heads[i] = Encoding.Latin1.GetBytes(
                $"{(i == 0 ? string.Empty : "\r\n")}--{boundary}\r\nContent-Type: {contentType}\r\nContent-Range: {ContentRange(start, count, file.Length)}\r\n\r\n");
            total += heads[i].Length + count;
        }

        heads[^1] = Encoding.Latin1.GetBytes($"\r\n--{boundary}--\r\n");
        total += heads[^1].Length;

        response.StatusCode = 206;
        response.ContentType = "multipart/byteranges; boundary=" + boundary;
        response.ContentLength = total;
        await SendRangesAsync(response, file, ranges, heads).ConfigureAwait(false);
    }

    /// <summary>Streams each range of the file, preceded by <paramref name="heads"/>[i] when given (and followed by the last head).</summary>
    private static async Task SendRangesAsync(HttpResponse response, FileInfo file, List<(long Start, long Count)> ranges, byte[][]? heads)
    {
        var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                for (var i = 0; i < ranges.Count; i++)
                {
                    if (heads is not null)
                    {
                        await response.WriteAsync(heads[i]).ConfigureAwait(false);
                    }

                    var (start, left) = ranges[i];
                    stream.Position = start;
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

                if (heads is not null)
                {
                    await response.WriteAsync(heads[^1]).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string ContentRange(long start, long count, long length) =>
        string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{start + count - 1}/{length}");

    /// <summary>
    /// RFC 9110 §13.2.2: If-None-Match, when present, decides alone; else If-Modified-Since. Either gives 304 (GET and
    /// HEAD are the only methods served here). A field that does not parse is not a condition: the file is sent.
    /// </summary>
    private static bool NotModified(HttpRequest request, string etag, DateTime modified, DateTimeOffset now)
    {
        if (request.Headers.Contains(HttpHeaderNames.IfNoneMatch))
        {
            // §13.1.2: a list of tags, or "*", compared weakly (a W/ tag we sent for a compressed body still matches);
            // several fields are one list (§5.3).
            var matched = false;
            foreach (var field in request.Headers.GetValues(HttpHeaderNames.IfNoneMatch))
            {
                var result = EntityTags.Matches(field, etag, weak: true);
                if (result == EntityTags.ListMatch.Invalid)
                {
                    return false;
                }

                matched |= result == EntityTags.ListMatch.Match;
            }

            return matched;
        }

        // §13.1.3: one HTTP-date in any of its three forms; invalid, or more than one, and the field is ignored.
        return request.Headers.CountOf(HttpHeaderNames.IfModifiedSince) == 1
            && HttpDate.TryParse(request.Headers[HttpHeaderNames.IfModifiedSince], now, out var since)
            && modified <= since;
    }

    /// <summary>
    /// RFC 9110 §13.1.5: a Range is honoured only if If-Range (when present) still matches, by strong comparison:
    /// an entity tag equal to ours (a weak one never matches), or an HTTP-date (any of the three forms) equal to
    /// Last-Modified when that date is a strong validator, i.e. at least one second before now (§8.8.2.2: a file
    /// changed within the same second could change again unseen).
    /// </summary>
    private static bool IfRangeHolds(HttpRequest request, string etag, DateTime modified, DateTimeOffset now)
    {
        if (request.Headers["If-Range"] is not { } ifRange)
        {
            return true;
        }

        var value = HttpChars.TrimOws(ifRange.AsSpan());
        if (value.StartsWith("\"") || value.StartsWith("W/"))
        {
            return EntityTags.IsEntityTag(value) && EntityTags.StrongEquals(value, etag);
        }

        return HttpDate.TryParse(value, now, out var date) && date == modified && modified <= now.UtcDateTime - TimeSpan.FromSeconds(1);
    }
}
