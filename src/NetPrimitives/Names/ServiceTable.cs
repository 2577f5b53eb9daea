namespace NetPrimitives.Names;

/// <summary>
/// Service name and port lookups over parsed entries. The first entry wins on duplicates, as in glibc's
/// getservbyname, which scans the file in order. Names and protocols compare case-insensitively.
/// </summary>
internal sealed class ServiceTable
{
    public const string DefaultPath = "/etc/services";

    private static readonly Lazy<ServiceTable> SystemTable = new(() => Load(DefaultPath));

    private readonly Dictionary<(string Name, string Protocol), ServiceEntry> _byNameAndProtocol = new(NameComparer.Instance);
    private readonly Dictionary<string, ServiceEntry> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(int Port, string Protocol), ServiceEntry> _byPortAndProtocol = new(PortComparer.Instance);
    private readonly Dictionary<int, ServiceEntry> _byPort = [];

    public ServiceTable(IEnumerable<ServiceEntry> entries, string source)
    {
        Source = source;
        foreach (var entry in entries)
        {
            Count++;
            foreach (var name in entry.Aliases.Prepend(entry.Name))
            {
                _byNameAndProtocol.TryAdd((name, entry.Protocol), entry);
                _byName.TryAdd(name, entry);
            }

            _byPortAndProtocol.TryAdd((entry.Port, entry.Protocol), entry);
            _byPort.TryAdd(entry.Port, entry);
        }
    }

    /// <summary>The table of this machine: /etc/services parsed once per process, or the built-in table.</summary>
    public static ServiceTable System => SystemTable.Value;

    /// <summary>Where the entries came from: a file path, or "built-in".</summary>
    public string Source { get; }

    public int Count { get; }

    /// <summary>Reads <paramref name="path"/>; a missing or unreadable file (Windows, slim containers) gives the built-in table.</summary>
    public static ServiceTable Load(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            var entries = ServicesFileParser.Parse(reader, out _);
            if (entries.Count > 0)
            {
                return new ServiceTable(entries, path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Fall through to the built-in table.
        }

        return new ServiceTable(BuiltInServices.Entries, "built-in");
    }

    public ServiceEntry? GetByName(string name, string? protocol)
    {
        ArgumentNullException.ThrowIfNull(name);
        return protocol is null
            ? _byName.GetValueOrDefault(name)
            : _byNameAndProtocol.GetValueOrDefault((name, protocol));
    }

    public ServiceEntry? GetByPort(int port, string? protocol) =>
        protocol is null ? _byPort.GetValueOrDefault(port) : _byPortAndProtocol.GetValueOrDefault((port, protocol));

    private sealed class NameComparer : IEqualityComparer<(string Name, string Protocol)>
    {
        public static readonly NameComparer Instance = new();

        public bool Equals((string Name, string Protocol) x, (string Name, string Protocol) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Name, y.Name) && StringComparer.OrdinalIgnoreCase.Equals(x.Protocol, y.Protocol);

        public int GetHashCode((string Name, string Protocol) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Name), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Protocol));
    }

    private sealed class PortComparer : IEqualityComparer<(int Port, string Protocol)>
    {
        public static readonly PortComparer Instance = new();

        public bool Equals((int Port, string Protocol) x, (int Port, string Protocol) y) =>
            x.Port == y.Port && StringComparer.OrdinalIgnoreCase.Equals(x.Protocol, y.Protocol);

        public int GetHashCode((int Port, string Protocol) obj) =>
            HashCode.Combine(obj.Port, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Protocol));
    }
}
