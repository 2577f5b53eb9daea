using System.Net;
using NetPrimitives.Ping.Targets;

namespace NetPrimitives.Ping;

/// <summary>
/// A validated list of sweep targets: addresses, CIDR blocks (IPv4 and IPv6), ranges and host names.
/// Parsing counts the addresses without enumerating them and refuses more than
/// <see cref="PingTargetOptions.MaxTargets"/>; enumeration is lazy.
/// </summary>
/// <example>
/// <code>
/// var targets = PingTargets.Parse("127.0.0.0/29, 10.0.0.1-20, ::1, gateway.example");
/// </code>
/// </example>
public sealed class PingTargets
{
    private readonly List<TargetEntry> _entries;

    private PingTargets(List<TargetEntry> entries, UInt128 count)
    {
        _entries = entries;
        Count = (long)count;
    }

    /// <summary>The number of targets (a host name counts as one: its first address is swept).</summary>
    public long Count { get; }

    /// <summary>Whether any entry is a host name that must be resolved before it is swept.</summary>
    public bool HasHostNames => _entries.Exists(e => e.HostName is not null);

    /// <summary>The entries as given, one per address, block, range or name.</summary>
    public IReadOnlyList<string> Entries => _entries.ConvertAll(e => e.Text);

    internal IReadOnlyList<TargetEntry> ParsedEntries => _entries;

    /// <summary>Parses a list separated by commas or white space.</summary>
    /// <param name="specification">For example <c>"127.0.0.0/24"</c> or <c>"10.0.0.1-20, ::1, host.example"</c>.</param>
    /// <param name="options">Limits and the network/broadcast rule; <see langword="null"/> for the defaults.</param>
    /// <exception cref="PingTargetFormatException">An entry is malformed.</exception>
    /// <exception cref="PingTargetsTooLargeException">The entries describe more than <see cref="PingTargetOptions.MaxTargets"/> addresses.</exception>
    public static PingTargets Parse(string specification, PingTargetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(specification);
        options ??= PingTargetOptions.Default;
        return Create(TargetParser.Parse(specification, options), options);
    }

    /// <summary>Parses several specifications (for example command-line arguments), each itself a list.</summary>
    /// <param name="specifications">The specifications.</param>
    /// <param name="options">Limits and the network/broadcast rule; <see langword="null"/> for the defaults.</param>
    /// <exception cref="PingTargetFormatException">An entry is malformed, or there is none.</exception>
    /// <exception cref="PingTargetsTooLargeException">The entries describe more than <see cref="PingTargetOptions.MaxTargets"/> addresses.</exception>
    public static PingTargets Parse(IEnumerable<string> specifications, PingTargetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(specifications);
        options ??= PingTargetOptions.Default;
        var entries = new List<TargetEntry>();
        foreach (var specification in specifications)
        {
            ArgumentNullException.ThrowIfNull(specification, nameof(specifications));
            entries.AddRange(TargetParser.Parse(specification, options));
            if (entries.Count > options.MaxEntries)
            {
                throw new PingTargetFormatException(specification, PingTargetError.TooLong, $"more than {options.MaxEntries} entries in all");
            }
        }

        if (entries.Count == 0)
        {
            throw new PingTargetFormatException(string.Empty, PingTargetError.Empty, "no target given");
        }

        return Create(entries, options);
    }

    /// <summary>
    /// The literal addresses, lazily, in the order given. Host names are not resolved here and are skipped;
    /// <see cref="PingSweeper"/> resolves them when it reaches them.
    /// </summary>
    public IEnumerable<IPAddress> EnumerateAddresses()
    {
        foreach (var entry in _entries)
        {
            if (entry.Range is { } range)
            {
                foreach (var address in range.Enumerate())
                {
                    yield return address;
                }
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", Entries);

    private static PingTargets Create(List<TargetEntry> entries, PingTargetOptions options)
    {
        // Sum with saturation: ::/0 plus anything must not wrap around to a small number.
        UInt128 total = 0;
        foreach (var entry in entries)
        {
            var count = entry.Count;
            total = UInt128.MaxValue - total < count ? UInt128.MaxValue : total + count;
        }

        if (total > (UInt128)options.MaxTargets)
        {
            throw new PingTargetsTooLargeException(total, options.MaxTargets);
        }

        return new PingTargets(entries, total);
    }
}
