using System.Text.RegularExpressions;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.IntegrationTests.Docs;

// docs/design.md is the map a newcomer reads first; these tests keep it the map of the code as it is.
public sealed partial class DesignDocumentTests
{
    private static readonly string Library = Path.Combine(Repository.Root(), "src", "NetPrimitives");

    [Fact]
    public void The_folder_table_names_every_folder_and_exactly_the_folders_each_one_uses()
    {
        var table = FolderTable();
        var folders = LibraryFolders();

        Assert.Equal(folders.Order(StringComparer.Ordinal), table.Keys.Order(StringComparer.Ordinal));
        var wrong = new List<string>();
        foreach (var folder in folders)
        {
            var used = UsedFolders(folder, folders);
            if (!used.SetEquals(table[folder]))
            {
                wrong.Add($"{folder}/: design.md says it uses [{string.Join(", ", table[folder].Order(StringComparer.Ordinal))}], "
                    + $"its using lines say [{string.Join(", ", used.Order(StringComparer.Ordinal))}]");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public void No_folder_depends_on_another_that_depends_back_on_it()
    {
        var folders = LibraryFolders();
        var uses = folders.ToDictionary(f => f, f => UsedFolders(f, folders));
        var cycles = new List<string>();
        foreach (var folder in folders)
        {
            // Depth-first from each folder: reaching it again is a cycle.
            var seen = new HashSet<string>();
            var stack = new Stack<string>(uses[folder]);
            while (stack.TryPop(out var next))
            {
                if (next == folder)
                {
                    cycles.Add(folder);
                    break;
                }

                if (seen.Add(next))
                {
                    foreach (var further in uses[next])
                    {
                        stack.Push(further);
                    }
                }
            }
        }

        Assert.True(cycles.Count == 0, "Folders on a dependency cycle: " + string.Join(", ", cycles));
    }

    [Fact]
    public void Code_and_docs_point_to_no_file_outside_the_repository()
    {
        // STYLE.md and DESIGN.md of the team's shared folder are not in the repository: a reader cannot follow them.
        var offenders = SourceAndDocFiles()
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(x => OutsideReference().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(Repository.Root(), x.file)}:{x.number}: {x.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, string.Join('\n', offenders));
    }

    [Fact]
    public void Public_xml_docs_do_not_name_teaching_programs()
    {
        // The package's users never saw the Python programs the samples descend from; docs/samples.md tells that story.
        var offenders = Directory.EnumerateFiles(Library, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f))
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(x => x.line.TrimStart().StartsWith("///", StringComparison.Ordinal) && TeachingProgram().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(Repository.Root(), x.file)}:{x.number}: {x.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, string.Join('\n', offenders));
    }

    [Theory]
    [InlineData("/// blocks.py: a 4-byte length", true)]
    [InlineData("/// as tcpSimpleServer2 and inet_08 do", true)]
    [InlineData("/// like ls2's greeting", true)]
    [InlineData("/// <c>udpSimpleServer</c>", true)]
    [InlineData("/// Python's cgi.FieldStorage in http2.py", true)]
    [InlineData("/// a 4-byte big-endian length, at most 1 MiB", false)]
    [InlineData("/// HTTP/1.1 (RFC 9112) and http2 are different", false)]
    public void The_teaching_program_pattern_finds_their_names_and_nothing_else(string line, bool match)
    {
        Assert.Equal(match, TeachingProgram().IsMatch(line));
    }

    [Theory]
    [InlineData("// the read loop of STYLE.md #3", true)]
    [InlineData("see ../shared/DESIGN.md", true)]
    [InlineData("// the loop shape (STYLE #3)", true)]
    [InlineData("see docs/design.md", false)]
    public void The_outside_reference_pattern_finds_them_and_nothing_else(string line, bool match)
    {
        Assert.Equal(match, OutsideReference().IsMatch(line));
    }

    // Rows of the "Layers and folders" table: | `Folder/` | what is there | uses |
    private static Dictionary<string, HashSet<string>> FolderTable()
    {
        var folders = LibraryFolders();
        var table = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(Repository.Root(), "docs", "design.md")))
        {
            var match = FolderRow().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var uses = match.Groups["uses"].Value;
            table[match.Groups["folder"].Value] = folders.Where(f => Regex.IsMatch(uses, $@"\b{f}\b")).ToHashSet(StringComparer.Ordinal);
        }

        return table;
    }

    private static HashSet<string> LibraryFolders() =>
        Directory.GetDirectories(Library)
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj") && Directory.EnumerateFiles(Path.Combine(Library, name!), "*.cs", SearchOption.AllDirectories).Any())
            .Select(name => name!)
            .ToHashSet(StringComparer.Ordinal);

    // The other folders a folder's code names: `using NetPrimitives.X...;` lines and qualified NetPrimitives.X. names.
    private static HashSet<string> UsedFolders(string folder, HashSet<string> folders)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Library, folder), "*.cs", SearchOption.AllDirectories).Where(f => !IsBuildOutput(f)))
        {
            foreach (Match match in NamespaceReference().Matches(File.ReadAllText(file)))
            {
                var target = match.Groups["folder"].Value;
                if (target != folder && folders.Contains(target))
                {
                    used.Add(target);
                }
            }
        }

        return used;
    }

    private static IEnumerable<string> SourceAndDocFiles()
    {
        var root = Repository.Root();
        string[] folders = ["src", "samples", "tests", "docs", "tools"];
        return folders
            .Select(f => Path.Combine(root, f))
            .Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories))
            .Where(f => !IsBuildOutput(f) && Path.GetExtension(f) is ".cs" or ".md" or ".props" or ".targets" or ".sh")
            .Where(f => Path.GetFileName(f) != "DesignDocumentTests.cs")
            .Concat([Path.Combine(root, "README.md")]);
    }

    private static bool IsBuildOutput(string path)
    {
        var separator = Path.DirectorySeparatorChar;
        return path.Contains($"{separator}bin{separator}", StringComparison.Ordinal) || path.Contains($"{separator}obj{separator}", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\|\s*`(?<folder>[A-Za-z]+)/`\s*\|.*\|(?<uses>[^|]*)\|\s*$")]
    private static partial Regex FolderRow();

    [GeneratedRegex(@"\bNetPrimitives\.(?<folder>[A-Z][A-Za-z]+)\b")]
    private static partial Regex NamespaceReference();

    [GeneratedRegex(@"\bSTYLE(\.md\b| #\d)|\.\./shared/|\bDESIGN\.md\b")]
    private static partial Regex OutsideReference();

    [GeneratedRegex(@"\b(?:\w+\.py|inet_\d+|tcpSimpleServer\d?|udpSimpleServer\d?|simpleWebServer|ls\d|s\d)\b")]
    private static partial Regex TeachingProgram();
}
