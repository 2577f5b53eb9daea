using System.Collections.Frozen;

namespace NetPrimitives.Http;

/// <summary>
/// Serves files under one root folder, like Python's SimpleHTTPRequestHandler, but with traversal made impossible:
/// the decoded path may not contain "..", ".", backslashes, NUL or drive letters in any segment, and every existing
/// component is resolved through symbolic links and must stay under the (resolved) root.
/// </summary>
internal sealed partial class StaticFileHandler
{
    private readonly string _prefix;
    private readonly string _root;
    private readonly StaticFileOptions _options;
    private readonly TimeProvider _clock;
    private readonly FrozenDictionary<string, string> _contentTypes;

    public StaticFileHandler(string prefix, string root, StaticFileOptions options, TimeProvider? clock = null)
    {
        _prefix = prefix.TrimEnd('/');
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"The static file root '{full}' does not exist.");
        }

        _root = Path.TrimEndingDirectorySeparator(ResolveLinks(full));
        _options = options;
        _clock = clock ?? TimeProvider.System;
        _contentTypes = FreezeContentTypes(options);
    }

    public async Task HandleAsync(HttpRequest request, HttpResponse response)
    {
        var relative = request.Path.Length > _prefix.Length ? request.Path[_prefix.Length..] : "/";
        if (!TryMapPath(relative, out var path))
        {
            await response.SendErrorAsync(404, "File not found").ConfigureAwait(false);
            return;
        }

        var isDirectory = Directory.Exists(path);
        if (isDirectory)
        {
            if (!request.Path.EndsWith('/'))
            {
                // Like SimpleHTTPServer: a directory URL ends in '/', so relative links in its page resolve inside it.
                response.StatusCode = 301;
                response.Headers.Set("Location", request.Target.Split('?')[0] + "/" + (request.QueryString.Length > 0 ? "?" + request.QueryString : string.Empty));
                return;
            }

            if (_options.DefaultDocument is { } index && File.Exists(Path.Combine(path, index)) && IsInsideRoot(Path.Combine(path, index)))
            {
                path = Path.Combine(path, index);
            }
            else if (_options.DirectoryListing)
            {
                await response.SendTextAsync(DirectoryListing.Render(request.Path, path), "text/html; charset=utf-8").ConfigureAwait(false);
                return;
            }
            else
            {
                await response.SendErrorAsync(404, "File not found").ConfigureAwait(false);
                return;
            }
        }

        // A slash after a file's name asks for a folder that is not there ("/index.html/"), as a static server sees it.
        if (!File.Exists(path) || (!isDirectory && relative.EndsWith('/')))
        {
            await response.SendErrorAsync(404, "File not found").ConfigureAwait(false);
            return;
        }

        // The resolved target, not the link: a link's own length and time are not the file's.
        await ServeFileAsync(request, response, new FileInfo(ResolveLinks(path))).ConfigureAwait(false);
    }

    /// <summary>Maps a decoded URL path to a file-system path under the root, or refuses it.</summary>
    internal bool TryMapPath(string urlPath, out string path)
    {
        path = string.Empty;
        var segments = urlPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var segment in segments)
        {
            // Decoded already, so "%2e%2e" arrives here as "..", "%5c" as '\'.
            if (segment is "." or ".." || segment.IndexOfAny(['\\', '\0', ':']) >= 0 || segment.Trim() != segment)
            {
                return false;
            }
        }

        var candidate = Path.GetFullPath(Path.Combine([_root, .. segments]));
        if (!IsInsideRoot(candidate))
        {
            return false;
        }

        path = candidate;
        return true;
    }

    /// <summary>True when <paramref name="candidate"/>, with every symbolic link resolved, is the root or below it.</summary>
    private bool IsInsideRoot(string candidate)
    {
        var resolved = ResolveLinks(candidate);
        return string.Equals(resolved, _root, StringComparison.Ordinal)
            || resolved.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>Rebuilds <paramref name="fullPath"/> component by component, following each link to its final target.</summary>
    private static string ResolveLinks(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath)!;
        var current = root;
        foreach (var part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.Exists && info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                current = target is null ? current : ResolveLinks(Path.GetFullPath(target.FullName));
            }
        }

        return current;
    }

    /// <summary>A snapshot of the options' table, checked once: the handler reads it without a lock while the caller keeps its copy.</summary>
    private static FrozenDictionary<string, string> FreezeContentTypes(StaticFileOptions options)
    {
        foreach (var (extension, type) in options.ContentTypes)
        {
            // Path.GetExtension gives the last ".ext" of a name: another key could never be found.
            if (extension.Length < 2 || extension[0] != '.' || extension.AsSpan(1).IndexOfAny("./\\") >= 0)
            {
                throw new ArgumentException($"'{extension}' is not a file extension such as '.avif'.", nameof(options));
            }

            CheckContentType(type, extension);
        }

        CheckContentType(options.DefaultContentType, "the default");
        return options.ContentTypes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    private static void CheckContentType(string? type, string what)
    {
        if (string.IsNullOrWhiteSpace(type) || !HttpChars.IsFieldValue(type))
        {
            throw new ArgumentException($"The content type of {what} is empty or holds CR, LF or another control character.", "options");
        }
    }
}
