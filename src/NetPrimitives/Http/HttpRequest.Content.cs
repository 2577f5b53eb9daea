namespace NetPrimitives.Http;

public sealed partial class HttpRequest
{
    /// <summary>
    /// Reads the whole body into memory. Bounded by <see cref="HttpLimits.MaxRequestBodySize"/> (413 beyond it);
    /// stream <see cref="Body"/> instead for large uploads.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body bytes; empty when there is none.</returns>
    /// <exception cref="HttpParseException">The body is malformed, too large or too slow.</exception>
    public async Task<byte[]> ReadBodyAsBytesAsync(CancellationToken cancellationToken = default)
    {
        var limit = _limits.MaxRequestBodySize ?? int.MaxValue;
        using var memory = new MemoryStream(ContentLength is { } known ? (int)Math.Min(known, 1 << 20) : 0);
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await _body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (memory.Length + read > Math.Min(limit, Array.MaxLength))
            {
                HttpThrow.Status(413, "Request body too large");
            }

            memory.Write(buffer, 0, read);
        }

        return memory.ToArray();
    }

    /// <summary>Reads the whole body as text: UTF-8 unless the Content-Type names another charset.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The text.</returns>
    /// <exception cref="HttpParseException">The body is malformed, too large or too slow.</exception>
    public async Task<string> ReadTextAsync(CancellationToken cancellationToken = default)
    {
        var bytes = await ReadBodyAsBytesAsync(cancellationToken).ConfigureAwait(false);
        return CharsetOf(ContentType).GetString(bytes);
    }

    /// <summary>
    /// Reads an <c>application/x-www-form-urlencoded</c> body into decoded fields. Any other content type gives 415.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The fields, in order.</returns>
    /// <exception cref="HttpParseException">Not a urlencoded form (415), malformed (400), too large or too slow.</exception>
    public async Task<HttpValueCollection> ReadFormAsync(CancellationToken cancellationToken = default)
    {
        var type = ContentType ?? string.Empty;
        var semicolon = type.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? type : type[..semicolon]).Trim();
        if (!mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            HttpThrow.Status(415, "Expected application/x-www-form-urlencoded");
        }

        var bytes = await ReadBodyAsBytesAsync(cancellationToken).ConfigureAwait(false);
        return HttpValueCollection.ParseUrlEncoded(System.Text.Encoding.UTF8.GetString(bytes));
    }

    private static System.Text.Encoding CharsetOf(string? contentType)
    {
        const string Key = "charset=";
        var index = contentType?.IndexOf(Key, StringComparison.OrdinalIgnoreCase) ?? -1;
        if (index < 0)
        {
            return System.Text.Encoding.UTF8;
        }

        var charset = contentType![(index + Key.Length)..].Split(';')[0].Trim().Trim('"');
        try
        {
            return System.Text.Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            return System.Text.Encoding.UTF8;
        }
    }
}
