namespace NetPrimitives.Http;

/// <summary>A file part of a multipart form, saved to disk by <see cref="HttpRequest.ReadMultipartFormAsync"/>.</summary>
public sealed class UploadedFile
{
    internal UploadedFile(string name, string fileName, string contentType, long length, string path)
    {
        Name = name;
        FileName = fileName;
        ContentType = contentType;
        Length = length;
        Path = path;
    }

    /// <summary>The form field name.</summary>
    public string Name { get; }

    /// <summary>The file name the client gave (last path segment only). Not used for <see cref="Path"/>.</summary>
    public string FileName { get; }

    /// <summary>The part's Content-Type.</summary>
    public string ContentType { get; }

    /// <summary>The size in bytes.</summary>
    public long Length { get; }

    /// <summary>Where the bytes were saved: a fresh random name in the upload directory. The caller deletes it.</summary>
    public string Path { get; }
}

/// <summary>A multipart form read by <see cref="HttpRequest.ReadMultipartFormAsync"/>: its text fields and its saved files.</summary>
public sealed class MultipartForm
{
    internal MultipartForm(HttpValueCollection fields, IReadOnlyList<UploadedFile> files)
    {
        Fields = fields;
        Files = files;
    }

    /// <summary>The text fields, in order.</summary>
    public HttpValueCollection Fields { get; }

    /// <summary>The uploaded files, in order.</summary>
    public IReadOnlyList<UploadedFile> Files { get; }
}
