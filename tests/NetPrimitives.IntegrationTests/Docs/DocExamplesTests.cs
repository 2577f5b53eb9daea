using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetPrimitives.IntegrationTests.Docs;

/// <summary>
/// Every ```csharp block in README.md, docs/*.md and src/*/PACKAGE.md must compile against the library as it is: a doc
/// example that does not build is a failing test. A block is compiled as a program (top-level statements)
/// or, when it has none, as a library. Blocks fenced ```csharp snippet are excerpts and are not compiled.
/// </summary>
public sealed partial class DocExamplesTests
{
    // Exactly the SDK's implicit usings for a console app, so an example pastes into `dotnet new console` as is.
    private static readonly string[] ImplicitUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading",
        "System.Threading.Tasks",
    ];

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    public static TheoryData<string, int> Examples()
    {
        var data = new TheoryData<string, int>();
        foreach (var (file, index, _) in FindExamples())
        {
            data.Add(file, index);
        }

        return data;
    }

    [Fact]
    public void Docs_have_examples_to_compile()
    {
        Assert.NotEmpty(FindExamples());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_compiles(string file, int index)
    {
        var code = FindExamples().Single(e => e.File == file && e.Index == index).Code;
        var errors = Compile(code, OutputKind.ConsoleApplication);
        if (errors.Any(e => e.Id == "CS5001"))
        {
            // No top-level statements and no Main: the example is a set of types.
            errors = Compile(code, OutputKind.DynamicallyLinkedLibrary);
        }

        Assert.True(errors.Count == 0,
            $"{file} example #{index} does not compile:\n" + string.Join('\n', errors.Select(e => e.ToString())) + "\n---\n" + code);
    }

    private static List<Diagnostic> Compile(string code, OutputKind kind)
    {
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var usings = string.Join('\n', ImplicitUsings.Select(u => $"global using {u};"));
        var compilation = CSharpCompilation.Create(
            "DocExample",
            [CSharpSyntaxTree.ParseText(usings, options), CSharpSyntaxTree.ParseText(code, options)],
            References.Value,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: false));
        using var output = new MemoryStream();
        var result = compilation.Emit(output);
        return result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }

    private static List<(string File, int Index, string Code)> FindExamples()
    {
        var root = RepositoryRoot();
        var files = new List<string> { Path.Combine(root, "README.md") };
        files.AddRange(Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        // The package READMEs (src/*/PACKAGE.md) are what a package feed shows: their examples must build too.
        files.AddRange(Directory.GetFiles(Path.Combine(root, "src"), "PACKAGE.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));

        var examples = new List<(string, int, string)>();
        foreach (var path in files.Where(File.Exists))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            var index = 0;
            foreach (Match match in CSharpBlock().Matches(File.ReadAllText(path).ReplaceLineEndings("\n")))
            {
                examples.Add((relative, index++, match.Groups["code"].Value));
            }
        }

        return examples;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NetPrimitives.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("NetPrimitives.sln not found above " + AppContext.BaseDirectory);
    }

    // ```csharp on its own line (not ```csharp snippet), up to the closing fence.
    [GeneratedRegex(@"^```csharp[ \t]*\n(?<code>.*?)^```[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
