using System.IO.Compression;

namespace NetPrimitives.Http;

/// <summary>
/// Response compression of a <see cref="MiniHttpServer"/> (<see cref="MiniHttpServerOptions.Compression"/>; off
/// unless set): brotli or gzip, as the request's Accept-Encoding weighs them (RFC 9110 §12.5.3), for responses whose
/// Content-Type is in <see cref="ContentTypes"/> and whose body is at least <see cref="MinimumSize"/> bytes (or of
/// unknown length). Such responses carry <c>Vary: Accept-Encoding</c>, compressed or not. Never compressed: partial
/// content (206, Content-Range), 204 and 304, a response that already has a Content-Encoding, <c>text/event-stream</c>,
/// and every type not listed (images, archives, fonts in WOFF, audio, video are already compressed). Read when the
/// server starts.
/// </summary>
public sealed class HttpCompressionOptions
{
    /// <summary>Offer brotli (<c>br</c>). Default <see langword="true"/>; preferred to gzip when the client weighs them alike.</summary>
    public bool Brotli { get; set; } = true;

    /// <summary>Offer gzip. Default <see langword="true"/>.</summary>
    public bool Gzip { get; set; } = true;

    /// <summary>
    /// The compression level. Default <see cref="CompressionLevel.Fastest"/> (brotli quality 1, gzip level 1): responses
    /// are compressed as they are sent, so speed matters more than the last percent of size.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined level.</exception>
    public CompressionLevel Level
    {
        get;
        set => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Not a compression level.");
    } = CompressionLevel.Fastest;

    /// <summary>
    /// Bodies shorter than this, in bytes, are sent as they are (a compressed small body saves little and costs a
    /// compressor). Default 1,024; 0 compresses every eligible body.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int MinimumSize
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 1024;

    /// <summary>
    /// The media types worth compressing, without parameters, case-insensitive; <c>type/*</c> stands for every
    /// subtype. Default: <c>text/*</c>, JSON, JavaScript, XML, SVG, WebAssembly, web manifests and feeds, YAML, TOML,
    /// uncompressed fonts (TTF, OTF, EOT), BMP and ICO images. Add or remove entries before the server starts.
    /// </summary>
    public ISet<string> ContentTypes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "text/*",
        "application/json",
        "application/ld+json",
        "application/manifest+json",
        "application/geo+json",
        "application/problem+json",
        "application/javascript",
        "application/xml",
        "application/xhtml+xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/yaml",
        "application/toml",
        "application/wasm",
        "image/svg+xml",
        "image/bmp",
        "image/x-icon",
        "font/ttf",
        "font/otf",
        "application/vnd.ms-fontobject",
    };
}
