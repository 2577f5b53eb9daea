namespace NetPrimitives.Http;

/// <summary>
/// The default Content-Type of each file extension: the common web types (the WHATWG and IANA registrations a
/// browser expects; text types with their charset). <see cref="StaticFileOptions.ContentTypes"/> starts as a copy.
/// </summary>
internal static class ContentTypes
{
    private static readonly KeyValuePair<string, string>[] Defaults =
    [
        // Documents, styles, scripts, data
        new(".html", "text/html; charset=utf-8"),
        new(".htm", "text/html; charset=utf-8"),
        new(".xhtml", "application/xhtml+xml"),
        new(".css", "text/css; charset=utf-8"),
        new(".js", "text/javascript; charset=utf-8"),
        new(".mjs", "text/javascript; charset=utf-8"), // ES modules: browsers refuse a module of another type
        new(".cjs", "text/javascript; charset=utf-8"),
        new(".map", "application/json"), // source maps
        new(".json", "application/json"),
        new(".jsonld", "application/ld+json"),
        new(".webmanifest", "application/manifest+json"),
        new(".wasm", "application/wasm"), // WebAssembly.instantiateStreaming requires this type
        new(".txt", "text/plain; charset=utf-8"),
        new(".md", "text/markdown; charset=utf-8"),
        new(".csv", "text/csv; charset=utf-8"),
        new(".tsv", "text/tab-separated-values; charset=utf-8"),
        new(".xml", "application/xml"),
        new(".rss", "application/rss+xml"),
        new(".atom", "application/atom+xml"),
        new(".yaml", "application/yaml"),
        new(".yml", "application/yaml"),
        new(".toml", "application/toml"),
        new(".ics", "text/calendar; charset=utf-8"),
        new(".vtt", "text/vtt; charset=utf-8"),
        new(".pdf", "application/pdf"),
        new(".rtf", "application/rtf"),
        new(".epub", "application/epub+zip"),
        new(".py", "text/x-python; charset=utf-8"),
        new(".cs", "text/plain; charset=utf-8"),

        // Images
        new(".svg", "image/svg+xml"),
        new(".png", "image/png"),
        new(".apng", "image/apng"),
        new(".jpg", "image/jpeg"),
        new(".jpeg", "image/jpeg"),
        new(".gif", "image/gif"),
        new(".webp", "image/webp"),
        new(".avif", "image/avif"),
        new(".jxl", "image/jxl"),
        new(".bmp", "image/bmp"),
        new(".ico", "image/x-icon"),
        new(".tif", "image/tiff"),
        new(".tiff", "image/tiff"),

        // Fonts
        new(".woff", "font/woff"),
        new(".woff2", "font/woff2"),
        new(".ttf", "font/ttf"),
        new(".otf", "font/otf"),
        new(".eot", "application/vnd.ms-fontobject"),

        // Audio and video
        new(".mp3", "audio/mpeg"),
        new(".m4a", "audio/mp4"),
        new(".aac", "audio/aac"),
        new(".oga", "audio/ogg"),
        new(".ogg", "audio/ogg"),
        new(".opus", "audio/ogg"),
        new(".wav", "audio/wav"),
        new(".flac", "audio/flac"),
        new(".weba", "audio/webm"),
        new(".mp4", "video/mp4"),
        new(".m4v", "video/mp4"),
        new(".webm", "video/webm"),
        new(".ogv", "video/ogg"),
        new(".mov", "video/quicktime"),

        // Archives
        new(".zip", "application/zip"),
        new(".gz", "application/gzip"),
        new(".tgz", "application/gzip"),
        new(".tar", "application/x-tar"),
        new(".bz2", "application/x-bzip2"),
        new(".xz", "application/x-xz"),
        new(".zst", "application/zstd"),
        new(".7z", "application/x-7z-compressed"),
    ];

    /// <summary>A new, mutable table of the defaults, keyed by extension with its dot, case-insensitive.</summary>
    public static Dictionary<string, string> CreateDefault() => new(Defaults, StringComparer.OrdinalIgnoreCase);
}
