namespace NetPrimitives.Http;

/// <summary>How <see cref="MiniHttpServer.MapStaticFiles"/> serves a folder.</summary>
public sealed class StaticFileOptions
{
    /// <summary>The file served for a directory, when present. Default <c>index.html</c>; <see langword="null"/> for none.</summary>
    public string? DefaultDocument { get; set; } = "index.html";

    /// <summary>List a directory that has no default document (like SimpleHTTPServer). Default <see langword="false"/> (404).</summary>
    public bool DirectoryListing { get; set; }

    /// <summary>The Content-Type of extensions the built-in table does not know. Default <c>application/octet-stream</c>.</summary>
    public string DefaultContentType { get; set; } = "application/octet-stream";
}
