using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.Tests.PublicApi;

/// <summary>
/// docs/api.md lists the public surface of the packages with each member's summary, generated from the
/// assemblies and their XML documentation files. The test fails when the page is out of date; with
/// NETPRIMITIVES_ACCEPT_API=1 it rewrites the page instead (as PublicApiTests does for the approved API files).
/// </summary>
public sealed class ApiDocsTests
{
    [Fact]
    public void Api_md_lists_the_current_public_surface()
    {
        var actual = ApiMarkdown.Create(
        [
            typeof(NetPrimitives.Diagnostics.NetPrimitivesDiagnostics).Assembly,
            typeof(NetPrimitives.Testing.ParserHarness).Assembly,
            typeof(NetPrimitives.Hosting.MiniHttpServerBuilder).Assembly,
        ]);
        var path = Path.Combine(Repository.Root(), "docs", "api.md");
        var current = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
        if (actual == current)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("NETPRIMITIVES_ACCEPT_API") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        var added = actual.Split('\n').Except(current.Split('\n')).Take(10);
        var removed = current.Split('\n').Except(actual.Split('\n')).Take(10);
        Assert.Fail("docs/api.md is out of date. Regenerate it with "
            + "`NETPRIMITIVES_ACCEPT_API=1 dotnet test tests/NetPrimitives.Tests --filter FullyQualifiedName~PublicApi`.\n"
            + "New lines:\n  " + string.Join("\n  ", added) + "\nStale lines:\n  " + string.Join("\n  ", removed));
    }

    [Fact]
    public void Every_public_member_in_api_md_has_a_description()
    {
        var page = ApiMarkdown.Create(
        [
            typeof(NetPrimitives.Diagnostics.NetPrimitivesDiagnostics).Assembly,
            typeof(NetPrimitives.Testing.ParserHarness).Assembly,
            typeof(NetPrimitives.Hosting.MiniHttpServerBuilder).Assembly,
        ]);
        var undocumented = page.Split('\n').Where(l => l.Contains("(no summary)", StringComparison.Ordinal)).ToList();
        Assert.True(undocumented.Count == 0, "Members without a summary in docs/api.md:\n" + string.Join('\n', undocumented));
    }
}
