using System.Text.RegularExpressions;
using System.Xml.Linq;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.IntegrationTests.Samples;

/// <summary>
/// Every sample publishes as a native executable (<c>dotnet publish samples/X -r linux-x64 -p:PublishAot=true</c>) with
/// no trim or AOT warning (issue 21). Publishing all fifteen takes many minutes, so the guard here is the cheap one:
/// every build of a sample runs the trim, AOT and single-file analyzers (warnings are errors), because
/// samples/Directory.Build.props turns them on and no sample turns them off or hides their warnings.
/// </summary>
public sealed partial class SampleAotTests
{
    private static readonly string[] Analyzers = ["EnableTrimAnalyzer", "EnableAotAnalyzer", "EnableSingleFileAnalyzer"];

    // The properties that decide whether a trim or AOT problem is reported: none may be set to false in a sample.
    private static readonly string[] MustNotBeFalse = [.. Analyzers, "IsAotCompatible", "IsTrimmable", "ImportDirectoryBuildProps"];

    private static string SamplesFolder => Path.Combine(Repository.Root(), "samples");

    [Fact]
    public void The_samples_props_turn_on_the_trim_AOT_and_single_file_analyzers()
    {
        var properties = Properties(Path.Combine(SamplesFolder, "Directory.Build.props"));
        foreach (var analyzer in Analyzers)
        {
            Assert.True(properties.Any(p => p.Name.LocalName == analyzer && p.Value.Trim() == "true"), $"samples/Directory.Build.props does not set {analyzer} to true");
        }
    }

    [Fact]
    public void No_sample_turns_the_analyzers_off_or_hides_their_warnings()
    {
        var projects = Directory.GetDirectories(SamplesFolder).SelectMany(d => Directory.GetFiles(d, "*.csproj")).ToList();
        Assert.True(projects.Count >= 15, $"{projects.Count} sample projects found under {SamplesFolder}");
        var files = projects
            .Concat(Directory.GetFiles(SamplesFolder, "Directory.Build.*", SearchOption.AllDirectories))
            .Where(f => !IsBuildOutput(f))
            .ToList();
        var wrong = new List<string>();
        foreach (var file in files)
        {
            foreach (var property in Properties(file))
            {
                var (name, value) = (property.Name.LocalName, property.Value.Trim());
                if ((MustNotBeFalse.Contains(name) && value == "false") || (name == "SuppressTrimAnalysisWarnings" && value == "true")
                    || (name is "NoWarn" or "WarningsNotAsErrors" && TrimOrAotWarning().IsMatch(value)))
                {
                    wrong.Add($"{Path.GetRelativePath(SamplesFolder, file)}: <{name}>{value}</{name}>");
                }
            }
        }

        foreach (var source in Directory.GetFiles(SamplesFolder, "*.cs", SearchOption.AllDirectories).Where(f => !IsBuildOutput(f)))
        {
            var text = File.ReadAllText(source);
            if (text.Contains("UnconditionalSuppressMessage", StringComparison.Ordinal) || PragmaDisable().IsMatch(text))
            {
                wrong.Add($"{Path.GetRelativePath(SamplesFolder, source)}: suppresses a trim or AOT warning");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    private static bool IsBuildOutput(string path) =>
        path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");

    private static IEnumerable<XElement> Properties(string file) =>
        XDocument.Load(file).Root!.Elements().Where(e => e.Name.LocalName == "PropertyGroup").SelectMany(g => g.Elements());

    // IL2xxx are the trim analyzer's warnings, IL3xxx the AOT and single-file analyzers'.
    [GeneratedRegex(@"\bIL[23]\d{3}\b")]
    private static partial Regex TrimOrAotWarning();

    [GeneratedRegex(@"#pragma\s+warning\s+disable\s+[^\r\n]*\bIL[23]\d{3}\b")]
    private static partial Regex PragmaDisable();
}
