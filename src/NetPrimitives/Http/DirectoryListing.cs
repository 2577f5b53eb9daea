using System.Net;
using System.Text;

namespace NetPrimitives.Http;

/// <summary>The HTML page listing a directory, like SimpleHTTPServer's list_directory: names escaped, links encoded.</summary>
internal static class DirectoryListing
{
    public static string Render(string urlPath, string directory)
    {
        var title = WebUtility.HtmlEncode("Directory listing for " + urlPath);
        var page = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(title).Append("</title></head>\n<body>\n<h1>")
            .Append(title).Append("</h1>\n<hr>\n<ul>\n");
        var entries = new DirectoryInfo(directory).EnumerateFileSystemInfos()
            .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            var name = entry is DirectoryInfo ? entry.Name + "/" : entry.Name;
            page.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(Uri.EscapeDataString(entry.Name) + (entry is DirectoryInfo ? "/" : string.Empty)))
                .Append("\">").Append(WebUtility.HtmlEncode(name)).Append("</a></li>\n");
        }

        return page.Append("</ul>\n<hr>\n</body></html>\n").ToString();
    }
}
