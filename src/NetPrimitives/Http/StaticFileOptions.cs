namespace NetPrimitives.Http;

/// <summary>How <see cref="MiniHttpServer.MapStaticFiles"/> serves a folder.</summary>
public sealed class StaticFileOptions
{
    private int _maxRanges = 16;

    /// <summary>The file served for a directory, when present. Default <c>index.html</c>; <see langword="null"/> for none.</summary>
    public string? DefaultDocument { get; set; } = "index.html";

    /// <summary>List a directory that has no default document (like SimpleHTTPServer). Default <see langword="false"/> (404).</summary>
    public bool DirectoryListing { get; set; }

    /// <summary>The Content-Type of extensions the built-in table does not know. Default <c>application/octet-stream</c>.</summary>
    public string DefaultContentType { get; set; } = "application/octet-stream";

    /// <summary>
    /// The most byte ranges one Range header may ask for (RFC 9110 §14.2); a header with more is ignored and the whole
    /// file sent with 200, like nginx's <c>max_ranges</c>, so many tiny ranges cannot make the server do much work for
    /// little traffic. Default 16; 0 turns range requests off (<c>Accept-Ranges: none</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int MaxRanges
    {
        get => _maxRanges;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxRanges = value;
        }
    }
}
