using NetPrimitives.Samples.Cli;

/// <summary>What to fetch: from a URL (<c>http://127.0.0.1:8080/path</c>) or, as the seed, from a site and a port.</summary>
internal sealed record Request(string Host, int Port, string PathAndQuery)
{
    /// <summary>The Host header's value: the host, and the port when it is not 80.</summary>
    public string Authority => (Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host) + (Port == 80 ? "" : $":{Port}");

    public string Url => $"http://{Authority}{PathAndQuery}";

    /// <summary>Why <paramref name="target"/> cannot be fetched (null if it can), naming the argument.</summary>
    public static string? Problem(string? target)
    {
        if (target is null || !target.Contains("://", StringComparison.Ordinal))
        {
            return SampleOptions.HostProblem(target) is { } problem ? $"SITE: {problem}" : null;
        }

        return !Uri.TryCreate(target, UriKind.Absolute, out var uri) ? $"URL: {SampleOptions.Printable(target)} is not a URL"
            : uri.Scheme != Uri.UriSchemeHttp ? $"URL: {uri.Scheme}:// is not supported, only http:// (this sample speaks plain HTTP/1.0, no TLS)"
            : uri.UserInfo.Length > 0 ? "URL: a user name or password in the URL is not supported"
            : null;
    }

    /// <summary>The request for a checked <paramref name="target"/>; a URL with a PORT argument as well is a usage error.</summary>
    public static Request From(string target, int? port)
    {
        if (!target.Contains("://", StringComparison.Ordinal))
        {
            return new Request(target, port ?? 80, "/");
        }

        if (port is not null)
        {
            throw SampleException.Usage("PORT: give the port in the URL (http://host:port/), not after it");
        }

        var uri = new Uri(target);
        return new Request(uri.IdnHost.Trim('[', ']'), uri.Port, uri.PathAndQuery);
    }
}
