using System.Net;

namespace NetPrimitives.Http;

public sealed partial class HttpResponse
{
    /// <summary>Sends <paramref name="body"/> as the whole body, with its Content-Length.</summary>
    /// <param name="body">The bytes.</param>
    /// <param name="contentType">The Content-Type, or <see langword="null"/> to keep the current one.</param>
    /// <param name="cancellationToken">Cancels the wait for the client.</param>
    /// <returns>A task that completes when the bytes are buffered for sending.</returns>
    public ValueTask SendAsync(ReadOnlyMemory<byte> body, string? contentType = null, CancellationToken cancellationToken = default)
    {
        if (contentType is not null)
        {
            ContentType = contentType;
        }

        ContentLength = body.Length;
        if (!TrySendCompressed(body.Span))
        {
            WriteCore(body.Span);
        }

        // Not flushed here: the connection flushes after the handler, so pipelined responses share a send.
        return cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Sends <paramref name="text"/> encoded as UTF-8.</summary>
    /// <param name="text">The text.</param>
    /// <param name="contentType">The Content-Type. Default <c>text/plain; charset=utf-8</c>.</param>
    /// <param name="cancellationToken">Cancels the wait for the client.</param>
    /// <returns>A task that completes when the bytes are buffered for sending.</returns>
    public ValueTask SendTextAsync(string text, string contentType = "text/plain; charset=utf-8", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SendAsync(System.Text.Encoding.UTF8.GetBytes(text), contentType, cancellationToken);
    }

    /// <summary>
    /// Copies <paramref name="stream"/> to the body: with a Content-Length when the stream can seek, chunked otherwise.
    /// The stream is read in 64 KiB pieces, never whole.
    /// </summary>
    /// <param name="stream">The source, read from its current position.</param>
    /// <param name="contentType">The Content-Type, or <see langword="null"/> to keep the current one.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>A task that completes when the stream has been copied.</returns>
    public async Task SendStreamAsync(Stream stream, string? contentType = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (contentType is not null)
        {
            ContentType = contentType;
        }

        if (!HasStarted && stream.CanSeek)
        {
            ContentLength = stream.Length - stream.Position;
        }

        if (_request.IsHead)
        {
            WriteCore([]);
            return;
        }

        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        WriteCore([]); // a zero-length stream still sends the head
    }

    /// <summary>Sends the file at <paramref name="path"/> with its length and a Last-Modified header.</summary>
    /// <param name="path">The file.</param>
    /// <param name="contentType">The Content-Type, or <see langword="null"/> to keep the current one.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>A task that completes when the file has been copied.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public async Task SendFileAsync(string path, string? contentType = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            if (!HasStarted)
            {
                Headers.Set("Last-Modified", HttpDate.Format(File.GetLastWriteTimeUtc(path)));
            }

            await SendStreamAsync(file, contentType, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Adds a Set-Cookie field (RFC 6265 §4.1). Every part is checked, so that no value can end the field, add an
    /// attribute or smuggle another header: encode other text first (for example with <see cref="Uri.EscapeDataString(string)"/>).
    /// Several cookies are several calls.
    /// </summary>
    /// <param name="name">The name: a token (letters, digits and <c>!#$%&amp;'*+-.^_`|~</c>).</param>
    /// <param name="value">The value: printable ASCII except space, <c>"</c>, <c>,</c>, <c>;</c> and <c>\</c> (it may be wrapped in double quotes); empty is allowed.</param>
    /// <param name="options">Path, Domain, Expires, Max-Age, Secure, HttpOnly and SameSite; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">
    /// The name is not a token; the value holds CR, LF, ';', ',', a space or another character outside cookie-octet;
    /// name and value together exceed 4,096 characters; the path does not start with '/' or holds ';' or a control;
    /// the domain is not a domain name; SameSite=None without Secure; a <c>__Secure-</c> or <c>__Host-</c> name
    /// without the attributes its prefix requires.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">Max-Age is negative.</exception>
    /// <exception cref="InvalidOperationException">The head was already sent.</exception>
    public void SetCookie(string name, string value, HttpCookieOptions? options = null)
    {
        ThrowIfStarted();
        Headers.Add("Set-Cookie", HttpCookies.Format(name, value, options));
    }

    /// <summary>
    /// Answers with an error page, like Python's <c>send_error</c>: the status, and a small HTML page (or plain text
    /// when the client accepts no HTML) with the reason and <paramref name="message"/>, HTML-escaped.
    /// </summary>
    /// <param name="statusCode">The status code, 400-599 usually.</param>
    /// <param name="message">An explanation, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait for the client.</param>
    /// <returns>A task that completes when the page is buffered for sending.</returns>
    /// <exception cref="InvalidOperationException">The head was already sent.</exception>
    public ValueTask SendErrorAsync(int statusCode, string? message = null, CancellationToken cancellationToken = default)
    {
        StatusCode = statusCode;
        var reason = HttpReasonPhrases.Get(statusCode);
        var accept = _request.Headers[HttpHeaderNames.Accept];
        var html = accept is null || accept.Contains("html", StringComparison.OrdinalIgnoreCase) || accept.Contains("*/*", StringComparison.Ordinal);
        if (!html)
        {
            return SendTextAsync($"{statusCode} {reason}\n{message}\n".Replace("\n\n", "\n", StringComparison.Ordinal), cancellationToken: cancellationToken);
        }

        var title = WebUtility.HtmlEncode($"{statusCode} {reason}");
        var page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head>\n<body><h1>" + title + "</h1>\n"
            + (message is null ? string.Empty : "<p>" + WebUtility.HtmlEncode(message) + "</p>\n") + "</body></html>\n";
        return SendTextAsync(page, "text/html; charset=utf-8", cancellationToken);
    }
}
