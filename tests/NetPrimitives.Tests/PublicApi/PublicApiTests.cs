namespace NetPrimitives.Tests.PublicApi;

/// <summary>
/// The public surface of each package, compared with the checked-in PublicAPI.*.txt: a change to the API is a
/// visible diff in review. On a mismatch the test writes PublicAPI.*.received.txt next to the approved file;
/// review it and copy it over the approved one (or run with NETPRIMITIVES_ACCEPT_API=1).
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> Packages => new() { "NetPrimitives", "NetPrimitives.Testing", "NetPrimitives.Hosting" };

    [Theory]
    [MemberData(nameof(Packages))]
    public void Public_api_matches_the_approved_file(string package)
    {
        var assembly = package switch
        {
            "NetPrimitives" => typeof(NetPrimitives.Diagnostics.NetPrimitivesDiagnostics).Assembly,
            "NetPrimitives.Hosting" => typeof(NetPrimitives.Hosting.MiniHttpServerBuilder).Assembly,
            _ => typeof(NetPrimitives.Testing.ParserHarness).Assembly,
        };

        var actual = PublicApiDump.Create(assembly);
        var approvedPath = Path.Combine(SourceDirectory(), $"PublicAPI.{package}.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;

        if (actual == approved)
        {
            return;
        }

        var receivedPath = Path.ChangeExtension(approvedPath, ".received.txt");
        if (Environment.GetEnvironmentVariable("NETPRIMITIVES_ACCEPT_API") == "1")
        {
            File.WriteAllText(approvedPath, actual);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        var added = actual.Split('\n').Except(approved.Split('\n')).Take(20);
        var removed = approved.Split('\n').Except(actual.Split('\n')).Take(20);
        Assert.Fail($"The public API of {package} changed. Review {receivedPath} and copy it to {approvedPath}.\n"
            + "Added:\n  " + string.Join("\n  ", added) + "\nRemoved:\n  " + string.Join("\n  ", removed));
    }

    // Walk up from the test binaries to the repository (CallerFilePath is path-mapped in CI builds).
    private static string SourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "NetPrimitives.Tests", "PublicApi");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/NetPrimitives.Tests/PublicApi not found above " + AppContext.BaseDirectory);
    }
}
