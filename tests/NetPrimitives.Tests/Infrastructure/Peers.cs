namespace NetPrimitives.Tests.Infrastructure;

/// <summary>
/// Real peer programs (python3, curl, ...) used by integration tests. A missing peer skips the test with
/// its reason, unless NETPRIMITIVES_REQUIRE_PEERS=1 (set by .ci/run), where it fails the test instead.
/// </summary>
internal static class Peers
{
    public static bool Required =>
        Environment.GetEnvironmentVariable("NETPRIMITIVES_REQUIRE_PEERS") is "1" or "true";

    /// <summary>Returns the full path of <paramref name="program"/> on PATH, or skips (fails in CI) with a reason.</summary>
    public static string Require(string program, string why)
    {
        var path = Find(program);
        if (path is not null)
        {
            return path;
        }

        Unavailable($"{program} is not installed ({why}); .ci/run installs it");
        return null!; // unreachable: Unavailable always throws
    }

    /// <summary>Skips the test, or fails it when peers are required.</summary>
    public static void Unavailable(string reason)
    {
        if (Required)
        {
            Assert.Fail($"NETPRIMITIVES_REQUIRE_PEERS=1 but {reason}");
        }

        Assert.Skip(reason);
    }

    /// <summary>Finds an executable on PATH, or in /usr/sbin and /sbin (daemons such as dnsmasq live there).</summary>
    public static string? Find(string program)
    {
        var path = $"{Environment.GetEnvironmentVariable("PATH")}{Path.PathSeparator}/usr/sbin{Path.PathSeparator}/sbin";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
