using NetPrimitives.Transport;

namespace NetPrimitives.Http;

/// <summary>
/// One part of a <c>multipart/form-data</c> body (RFC 7578): a form field or a file. Its <see cref="Body"/> streams
/// from the connection and is valid only until the next part is requested.
/// </summary>
public sealed class MultipartSection
{
    private readonly MultipartReader _reader;

    internal MultipartSection(MultipartReader reader, HttpHeaders headers)
    {
        _reader = reader;
        Headers = headers;
        // RFC 7578 §4.2: every part of a form carries "Content-Disposition: form-data" with a name. A part without
        // one is no field at all; reporting it as a field named "" would let it pass for one.
        var disposition = headers["Content-Disposition"]
            ?? throw new HttpParseException(400, "Multipart part without Content-Disposition (RFC 7578 4.2)");
        var type = disposition.AsSpan(0, disposition.IndexOf(';') is var semicolon and >= 0 ? semicolon : disposition.Length).Trim();
        if (!type.Equals("form-data", StringComparison.OrdinalIgnoreCase))
        {
            HttpThrow.BadRequest("Multipart part whose Content-Disposition is not form-data (RFC 7578 4.2)");
        }

        Name = DispositionParameter(disposition, "name")
            ?? throw new HttpParseException(400, "Multipart part without a name in its Content-Disposition (RFC 7578 4.2)");
        FileName = DispositionParameter(disposition, "filename");
        Body = new SectionStream(reader);
    }

    /// <summary>The part's header fields (Content-Disposition, Content-Type...).</summary>
    public HttpHeaders Headers { get; }

    /// <summary>The form field name, from Content-Disposition (a part without one is refused with 400).</summary>
    public string Name { get; }

    /// <summary>The file name the client gave, without any directory part, or <see langword="null"/> for a plain field. Never use it as a path unchecked.</summary>
    public string? FileName { get; }

    /// <summary>The part's Content-Type; RFC 7578 §4.4 defaults it to <c>text/plain</c>.</summary>
    public string ContentType => Headers["Content-Type"] ?? "text/plain";

    /// <summary>Whether this part is a file upload (it has a file name).</summary>
    public bool IsFile => FileName is not null;

    /// <summary>The part's bytes, streamed.</summary>
    public Stream Body { get; }

    /// <summary>Reads the part as UTF-8 text, up to <paramref name="maxBytes"/> (400 beyond).</summary>
    /// <param name="maxBytes">The most bytes to accept. Default 1 MiB.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The text.</returns>
    public async Task<string> ReadTextAsync(int maxBytes = 1024 * 1024, CancellationToken cancellationToken = default)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await _reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (memory.Length + read > maxBytes)
            {
                HttpThrow.Status(413, "Form field too large");
            }

            memory.Write(buffer, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(memory.GetBuffer(), 0, (int)memory.Length);
    }

    /// <summary>
    /// The value of a Content-Disposition parameter (RFC 6266 §4.1; RFC 7578 §4.2: quoted-string, possibly with raw
    /// UTF-8). Only the last path segment of a file name is kept (RFC 7578 §4.2: recipients must not trust directories).
    /// </summary>
    internal static string? DispositionParameter(string disposition, string parameter)
    {
        var parts = SplitParameters(disposition);
        foreach (var (key, value) in parts)
        {
            if (key.Equals(parameter, StringComparison.OrdinalIgnoreCase))
            {
                return parameter.Equals("filename", StringComparison.OrdinalIgnoreCase)
                    ? value[(value.LastIndexOfAny(['/', '\\']) + 1)..]
                    : value;
            }
        }

        return null;
    }

    private static List<(string Key, string Value)> SplitParameters(string header)
    {
        var result = new List<(string, string)>();
        var i = header.IndexOf(';', StringComparison.Ordinal);
        while (i >= 0 && i < header.Length)
        {
            i++;
            while (i < header.Length && header[i] is ' ' or '\t')
            {
                i++;
            }

            var equals = header.IndexOf('=', i);
            if (equals < 0)
            {
                break;
            }

            var key = header[i..equals].Trim();
            i = equals + 1;
            string value;
            if (i < header.Length && header[i] == '"')
            {
                var sb = new System.Text.StringBuilder();
                i++;
                while (i < header.Length && header[i] != '"')
                {
                    if (header[i] == '\\' && i + 1 < header.Length)
                    {
                        i++;
                    }

                    sb.Append(header[i++]);
                }

                value = sb.ToString();
                i = header.IndexOf(';', i);
            }
            else
            {
                var end = header.IndexOf(';', i);
                value = (end < 0 ? header[i..] : header[i..end]).Trim();
                i = end;
            }

            result.Add((key, value));
        }

        return result;
    }

    private sealed class SectionStream(MultipartReader reader) : UnseekableStream
    {
        public override bool CanRead => true;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => reader.ReadAsync(buffer, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read parts asynchronously.");
    }
}
