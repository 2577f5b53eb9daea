using System.Diagnostics.CodeAnalysis;

namespace NetPrimitives.Names;

/// <summary>One result of <see cref="IHostResolver.ResolveManyAsync"/>: the entry, or the typed failure.</summary>
public sealed class HostLookupResult
{
    /// <summary>Creates a successful result.</summary>
    /// <param name="index">The name's position in the input.</param>
    /// <param name="query">The name as given.</param>
    /// <param name="entry">The resolved entry.</param>
    public HostLookupResult(int index, string query, HostEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Index = index;
        Query = query;
        Entry = entry;
    }

    /// <summary>Creates a failed result.</summary>
    /// <param name="index">The name's position in the input.</param>
    /// <param name="query">The name as given.</param>
    /// <param name="error">Why the lookup failed.</param>
    public HostLookupResult(int index, string query, HostResolutionException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Index = index;
        Query = query;
        Error = error;
    }

    /// <summary>The name's position (0-based) in the input sequence; results arrive in completion order.</summary>
    public int Index { get; }

    /// <summary>The name as given.</summary>
    public string Query { get; }

    /// <summary>The entry when the lookup succeeded, else null.</summary>
    public HostEntry? Entry { get; }

    /// <summary>The failure when the lookup failed, else null.</summary>
    public HostResolutionException? Error { get; }

    /// <summary>True when <see cref="Entry"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Entry))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Entry is not null;
}
