namespace NetPrimitives.Http;

/// <summary>
/// A compiled route pattern: literal segments, <c>{name}</c> parameters (each a whole segment, never empty) and an
/// optional last catch-all (<c>{*name}</c>, or <c>*</c> unnamed) that takes the rest of the path, possibly nothing.
/// Matched against the decoded path; pure, and allocation-free until <see cref="Capture"/>.
/// </summary>
internal sealed class RoutePattern
{
    private readonly Segment[] _segments;

    // Fast paths: a pattern of literals is one ordinal comparison; literals then a catch-all, one prefix test.
    private readonly string? _literal;
    private readonly string? _prefix;

    private RoutePattern(string text, Segment[] segments, bool catchAll, string? catchAllName)
    {
        Text = text;
        _segments = segments;
        CatchAll = catchAll;
        CatchAllName = catchAllName;
        HasParameters = catchAllName is not null || Array.Exists(segments, s => s.IsParameter);
        if (!segments.Any(s => s.IsParameter))
        {
            var literal = string.Concat(segments.Select(s => "/" + s.Value));
            _literal = catchAll ? null : text == "*" ? "*" : literal;
            _prefix = catchAll ? literal : null;
        }
    }

    private enum Kind
    {
        Literal,
        Parameter,
        CatchAll,
        End,
    }

    /// <summary>The pattern as mapped.</summary>
    public string Text { get; }

    /// <summary>Whether a match yields route values (a <c>{name}</c> or a named catch-all).</summary>
    public bool HasParameters { get; }

    /// <summary>Whether the pattern ends in a catch-all.</summary>
    public bool CatchAll { get; }

    /// <summary>The catch-all's name, or <see langword="null"/> (none, or the unnamed <c>*</c>).</summary>
    public string? CatchAllName { get; }

    /// <summary>
    /// Parses a pattern: <c>*</c> alone (the asterisk-form target of <c>OPTIONS *</c>), or '/' and segments
    /// separated by '/'. A segment is a literal (no '{' or '}'), a parameter <c>{name}</c> (letters, digits, '_'; a
    /// name at most once), or, as the last segment only, a catch-all <c>{*name}</c> or <c>*</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern breaks one of these rules.</exception>
    public static RoutePattern Parse(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        if (pattern == "*")
        {
            return new RoutePattern(pattern, [], catchAll: false, catchAllName: null);
        }

        if (pattern[0] != '/')
        {
            throw Invalid(pattern, "a route pattern starts with '/'");
        }

        var parts = pattern[1..].Split('/');
        var segments = new List<Segment>(parts.Length);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var last = i == parts.Length - 1;
            if (part == "*" && last)
            {
                return new RoutePattern(pattern, [.. segments], catchAll: true, catchAllName: null);
            }

            if (part.StartsWith('{') && part.EndsWith('}') && part.Length >= 2)
            {
                var inner = part[1..^1];
                var catchAll = inner.StartsWith('*');
                var name = catchAll ? inner[1..] : inner;
                if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    throw Invalid(pattern, $"'{part}' is not a parameter: a name is letters, digits and '_'");
                }

                if (!names.Add(name))
                {
                    throw Invalid(pattern, $"the parameter '{name}' appears twice");
                }

                if (catchAll)
                {
                    return last
                        ? new RoutePattern(pattern, [.. segments], catchAll: true, catchAllName: name)
                        : throw Invalid(pattern, "a catch-all must be the last segment");
                }

                segments.Add(new Segment(name, IsParameter: true));
                continue;
            }

            if (part.AsSpan().IndexOfAny('{', '}') >= 0)
            {
                throw Invalid(pattern, $"'{part}': a parameter is a whole segment, '{{name}}'");
            }

            segments.Add(new Segment(part, IsParameter: false));
        }

        return new RoutePattern(pattern, [.. segments], catchAll: false, catchAllName: null);
    }

    /// <summary>Whether <paramref name="path"/> (decoded) matches. Allocates nothing.</summary>
    public bool Matches(string path)
    {
        if (_literal is not null)
        {
            return string.Equals(path, _literal, StringComparison.Ordinal);
        }

        if (_prefix is not null)
        {
            return path.StartsWith(_prefix, StringComparison.Ordinal) && (path.Length == _prefix.Length || path[_prefix.Length] == '/');
        }

        var position = 0;
        foreach (var segment in _segments)
        {
            if (!NextSegment(path, ref position, out var value)
                || (segment.IsParameter ? value.IsEmpty : !value.SequenceEqual(segment.Value)))
            {
                return false;
            }
        }

        return CatchAll || position == path.Length;
    }

    /// <summary>The route values of a path that <see cref="Matches"/>: each parameter's segment, and the catch-all's rest.</summary>
    public HttpValueCollection Capture(string path)
    {
        if (!HasParameters)
        {
            return HttpValueCollection.Empty;
        }

        var values = new HttpValueCollection();
        var position = 0;
        foreach (var segment in _segments)
        {
            NextSegment(path, ref position, out var value);
            if (segment.IsParameter)
            {
                values.Add(segment.Value, value.ToString());
            }
        }

        if (CatchAllName is not null)
        {
            values.Add(CatchAllName, position < path.Length ? path[(position + 1)..] : string.Empty);
        }

        return values;
    }

    /// <summary>
    /// Precedence between two patterns that match the same path, segment by segment from the left: a literal beats
    /// a parameter, a parameter beats a catch-all, and a path that ends beats a catch-all that takes nothing.
    /// Negative when this pattern wins, 0 when neither does.
    /// </summary>
    public int ComparePrecedence(RoutePattern other)
    {
        for (var i = 0; ; i++)
        {
            var mine = KindAt(i);
            var theirs = other.KindAt(i);
            var difference = Rank(mine) - Rank(theirs);
            if (difference != 0)
            {
                return difference;
            }

            if (mine is Kind.End or Kind.CatchAll && theirs is Kind.End or Kind.CatchAll)
            {
                return 0;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    // A literal and an end never compete for the same path, so they share a rank.
    private static int Rank(Kind kind) => kind switch
    {
        Kind.Literal or Kind.End => 0,
        Kind.Parameter => 1,
        _ => 2,
    };

    private Kind KindAt(int index) =>
        index < _segments.Length ? (_segments[index].IsParameter ? Kind.Parameter : Kind.Literal) : CatchAll ? Kind.CatchAll : Kind.End;

    // The segment after the '/' at position; position moves to the next '/' or the end.
    private static bool NextSegment(string path, ref int position, out ReadOnlySpan<char> segment)
    {
        if (position >= path.Length || path[position] != '/')
        {
            segment = default;
            return false;
        }

        var start = position + 1;
        var length = path.AsSpan(start).IndexOf('/');
        var end = length < 0 ? path.Length : start + length;
        segment = path.AsSpan(start, end - start);
        position = end;
        return true;
    }

    private static ArgumentException Invalid(string pattern, string why) => new($"Route pattern '{pattern}': {why}.", nameof(pattern));

    private readonly record struct Segment(string Value, bool IsParameter);
}
