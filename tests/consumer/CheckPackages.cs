// Checks the packed .nupkg/.snupkg files as a package feed would show them. A .NET 10 file-based app:
//   dotnet run CheckPackages.cs -- <folder with the packages> <version>
// run.sh copies it to its temporary folder and runs it there (outside the repository's build settings).
// Exit 0 when every check passes, 1 otherwise; each check prints one "ok"/"FAIL" line.
// File-based apps publish native AOT by default, whose restore wants a runtime pack; this tool has no use for it.
#:property PublishAot=false
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Xml.Linq;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: dotnet run CheckPackages.cs -- <package folder> <version>");
    return 2;
}

var folder = args[0];
var version = args[1];
var failures = 0;

void Check(bool condition, string what)
{
    Console.WriteLine((condition ? "  ok    " : "  FAIL  ") + what);
    if (!condition)
    {
        failures++;
    }
}

// The Source Link custom debug information kind (Portable PDB spec).
var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");

foreach (var id in new[] { "NetPrimitives", "NetPrimitives.Testing", "NetPrimitives.Hosting" })
{
    var nupkg = Path.Combine(folder, $"{id}.{version}.nupkg");
    var snupkg = Path.Combine(folder, $"{id}.{version}.snupkg");
    Console.WriteLine($"{id} {version}");
    Check(File.Exists(nupkg), $"{Path.GetFileName(nupkg)} exists");
    Check(File.Exists(snupkg), $"{Path.GetFileName(snupkg)} exists");
    if (!File.Exists(nupkg) || !File.Exists(snupkg))
    {
        continue;
    }

    using var package = ZipFile.OpenRead(nupkg);
    var names = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
    XNamespace ns = XDocument.Load(package.GetEntry($"{id}.nuspec")!.Open()).Root!.Name.Namespace;
    var metadata = XDocument.Load(package.GetEntry($"{id}.nuspec")!.Open()).Root!.Element(ns + "metadata")!;
    string? Meta(string name) => metadata.Element(ns + name)?.Value;

    Check(Meta("version") == version, $"version {Meta("version")}");
    Check(!string.IsNullOrWhiteSpace(Meta("description")) && Meta("description")!.Length > 40, "description");
    Check((Meta("tags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3, $"tags: {Meta("tags")}");
    var license = metadata.Element(ns + "license");
    Check(license?.Attribute("type")?.Value == "expression" && license.Value == "MIT", "license expression MIT");
    Check(Meta("readme") == "README.md" && names.Contains("README.md"), "package README.md");
    Check(names.Contains("LICENSE"), "LICENSE file");
    Check(Uri.TryCreate(Meta("projectUrl"), UriKind.Absolute, out _), $"projectUrl {Meta("projectUrl")}");
    var repository = metadata.Element(ns + "repository");
    Check(repository?.Attribute("type")?.Value == "git", "repository type git");
    Check(Uri.TryCreate(repository?.Attribute("url")?.Value, UriKind.Absolute, out _), $"repository url {repository?.Attribute("url")?.Value}");
    var commit = repository?.Attribute("commit")?.Value ?? "";
    Check(commit.Length == 40 && commit.All(Uri.IsHexDigit), $"repository commit {commit}");
    if (id == "NetPrimitives.Hosting")
    {
        // Packed together: the hosting package needs the NetPrimitives version packed with it, no older one.
        var dependsOn = metadata.Descendants(ns + "dependency").Where(d => d.Attribute("id")?.Value == "NetPrimitives").Select(d => d.Attribute("version")?.Value).Distinct().ToList();
        Check(dependsOn.Count == 1 && dependsOn[0] is { } v && (v == version || v == $"[{version}, )"), $"depends on NetPrimitives {string.Join(", ", dependsOn)}");
    }


    foreach (var tfm in new[] { "net8.0", "net10.0" })
    {
        var dll = $"lib/{tfm}/{id}.dll";
        Check(names.Contains(dll), dll);
        Check(names.Contains($"lib/{tfm}/{id}.xml"), $"lib/{tfm}/{id}.xml (XML docs)");
        if (!names.Contains(dll))
        {
            continue;
        }

        using var peStream = new MemoryStream();
        using (var s = package.GetEntry(dll)!.Open())
        {
            s.CopyTo(peStream);
        }

        peStream.Position = 0;
        using var pe = new PEReader(peStream);
        var debug = pe.ReadDebugDirectory();
        // A deterministic compilation writes a Reproducible entry and no wall-clock timestamp.
        Check(debug.Any(e => e.Type == DebugDirectoryEntryType.Reproducible), $"{dll} deterministic (Reproducible debug entry)");
        var codeView = debug.FirstOrDefault(e => e.Type == DebugDirectoryEntryType.CodeView);
        var pdbPath = codeView.Type == DebugDirectoryEntryType.CodeView ? pe.ReadCodeViewDebugDirectoryData(codeView).Path : "";
        // ContinuousIntegrationBuild maps the build machine's paths to /_/.
        Check(pdbPath.StartsWith("/_/", StringComparison.Ordinal), $"{dll} paths mapped ({pdbPath})");
    }

    using var symbols = ZipFile.OpenRead(snupkg);
    foreach (var tfm in new[] { "net8.0", "net10.0" })
    {
        var pdbName = $"lib/{tfm}/{id}.pdb";
        var entry = symbols.GetEntry(pdbName);
        Check(entry is not null, $"{Path.GetFileName(snupkg)} {pdbName}");
        if (entry is null)
        {
            continue;
        }

        using var pdbStream = new MemoryStream();
        using (var s = entry.Open())
        {
            s.CopyTo(pdbStream);
        }

        pdbStream.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdbStream);
        var reader = provider.GetMetadataReader();
        string? json = null;
        foreach (var handle in reader.CustomDebugInformation)
        {
            var info = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(info.Kind) == sourceLinkKind)
            {
                json = System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value));
            }
        }

        Check(json is not null, $"{pdbName} has Source Link JSON");
        if (json is null)
        {
            continue;
        }

        using var doc = JsonDocument.Parse(json);
        var urls = doc.RootElement.GetProperty("documents").EnumerateObject().Select(p => p.Value.GetString() ?? "").ToList();
        Check(urls.Count > 0 && urls.All(u => u.Contains(commit, StringComparison.Ordinal)), $"{pdbName} Source Link: {json.Trim()}");
    }
}

Console.WriteLine(failures == 0 ? "packages: all checks passed" : $"packages: {failures} check(s) failed");
return failures == 0 ? 0 : 1;
