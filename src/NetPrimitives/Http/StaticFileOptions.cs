namespace NetPrimitives.Http;

/// <summary>How <see cref="MiniHttpServer.MapStaticFiles"/> serves a folder.</summary>
public sealed class StaticFileOptions
{
    private int _maxRanges = 16;

    /// <summary>The file served for a directory, when present. Default <c>index.html</c>; <see langword="null"/> for none.</summary>
    public string? DefaultDocument { get; set; } = "index.html";

    /// <summary>List a directory that has no default document (like SimpleHTTPServer). Default <see langword="false"/> (404).</summary>
    public bool DirectoryListing { get; set; }

    /// <summary>The Content-Type of extensions <see cref="ContentTypes"/> does not list. Default <c>application/octet-stream</c>.</summary>
    public string DefaultContentType { get; set; } = "application/octet-stream";

    /// <summary>
    /// The Content-Type of each file extension: keys with their dot (<c>.avif</c>), case-insensitive; a file's last
    /// extension is looked up. Starts with the common web types (HTML, CSS, JavaScript and <c>.mjs</c> modules, JSON,
    /// WebAssembly, SVG, PNG, JPEG, GIF, WebP, AVIF, fonts, audio, video, archives); add, replace or remove entries.
    /// Read when <see cref="MiniHttpServer.MapStaticFiles"/> is called.
    /// </summary>
    public IDictionary<string, string> ContentTypes { get; } = Http.ContentTypes.CreateDefault();

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
