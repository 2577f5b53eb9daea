using System.Runtime.CompilerServices;

namespace NetPrimitives.Http;

public sealed partial class HttpRequest
{
    /// <summary>
    /// Streams the parts of a <c>multipart/form-data</c> body one at a time. Each part's <see cref="MultipartSection.Body"/>
    /// reads straight from the connection; nothing is buffered beyond the pipe. The whole body stays under
    /// <see cref="HttpLimits.MaxRequestBodySize"/> (413).
    /// </summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The parts, in order.</returns>
    /// <exception cref="HttpParseException">Not multipart/form-data or no boundary (415/400), malformed (400), a part without
    /// <c>Content-Disposition: form-data; name=...</c> (400, RFC 7578 §4.2), too large (413).</exception>
    public async IAsyncEnumerable<MultipartSection> ReadMultipartAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = new MultipartReader(BodyReader, MultipartBoundary());
        while (await reader.NextPartAsync(cancellationToken).ConfigureAwait(false) is { } headers)
        {
            yield return new MultipartSection(reader, headers);
        }
    }

    /// <summary>
    /// Reads a <c>multipart/form-data</c> body the way a form handler wants it: text fields into
    /// <see cref="MultipartForm.Fields"/>, file parts streamed to new files in <paramref name="uploadDirectory"/>
    /// (random names; the client's file name is only reported). Never holds an upload in memory.
    /// </summary>
    /// <param name="uploadDirectory">Where to save files; created if missing. Default: the system temp folder.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The fields and the saved files.</returns>
    public async Task<MultipartForm> ReadMultipartFormAsync(string? uploadDirectory = null, CancellationToken cancellationToken = default)
    {
        uploadDirectory ??= System.IO.Path.GetTempPath();
        Directory.CreateDirectory(uploadDirectory);
        var fields = new HttpValueCollection();
        var files = new List<UploadedFile>();
        string? writing = null; // the file being written, deleted too if the body fails partway through it
        try
        {
            await foreach (var section in ReadMultipartAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!section.IsFile)
                {
                    fields.Add(section.Name, await section.ReadTextAsync(cancellationToken: cancellationToken).ConfigureAwait(false));
                    continue;
                }

                var path = writing = System.IO.Path.Combine(uploadDirectory, "upload-" + Guid.NewGuid().ToString("N"));
                long length;
                var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
                await using (file.ConfigureAwait(false))
                {
                    await section.Body.CopyToAsync(file, 64 * 1024, cancellationToken).ConfigureAwait(false);
                    length = file.Length;
                }

                files.Add(new UploadedFile(section.Name, section.FileName!, section.ContentType, length, path));
                writing = null;
            }
        }
        catch
        {
            // A body that fails (too large, malformed, the client gone) leaves no upload behind, whole or partial.
            foreach (var file in files)
            {
                File.Delete(file.Path);
            }

            if (writing is not null)
            {
                File.Delete(writing);
            }

            throw;
        }

        return new MultipartForm(fields, files);
    }

    private string MultipartBoundary()
    {
        var type = ContentType ?? string.Empty;
        if (!type.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            HttpThrow.Status(415, "Expected multipart/form-data");
        }

        return MultipartSection.DispositionParameter(type, "boundary") ?? throw new HttpParseException(400, "Multipart body without a boundary");
    }
}
