namespace NetPrimitives.Http;

/// <summary>
/// Entity tags (RFC 9110 §8.8.3) and their comparison (§8.8.3.2): <c>entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE</c>,
/// etagc = %x21 / %x23-7E / obs-text (so a tag may hold a comma). Pure and allocation-free.
/// </summary>
internal static class EntityTags
{
    /// <summary>The outcome of comparing a conditional field's list with the current tag.</summary>
    public enum ListMatch
    {
        /// <summary>No member matches.</summary>
        None,

        /// <summary>A member matches, or the field is "*".</summary>
        Match,

        /// <summary>The field is not "*" nor a list of entity tags: the condition cannot be evaluated.</summary>
        Invalid,
    }

    /// <summary>
    /// Compares <c>"*" / #entity-tag</c> (If-None-Match, If-Match) with <paramref name="current"/>, by weak
    /// comparison (only the opaque tags compared, §8.8.3.2) or strong (both strong and equal).
    /// </summary>
    public static ListMatch Matches(ReadOnlySpan<char> field, ReadOnlySpan<char> current, bool weak)
    {
        field = HttpChars.TrimOws(field);
        if (field is "*")
        {
            return ListMatch.Match;
        }

        var matched = false;
        var any = false;
        while (true)
        {
            field = HttpChars.TrimOws(field);
            if (field.IsEmpty)
            {
                return !any ? ListMatch.Invalid : matched ? ListMatch.Match : ListMatch.None;
            }

            if (field[0] == ',')
            {
                field = field[1..]; // #rule: empty list elements are allowed (§5.6.1)
                continue;
            }

            if (!TryRead(ref field, out var tag))
            {
                return ListMatch.Invalid;
            }

            any = true;
            matched |= weak ? WeakEquals(tag, current) : StrongEquals(tag, current);
            field = HttpChars.TrimOws(field);
            if (!field.IsEmpty && field[0] != ',')
            {
                return ListMatch.Invalid;
            }
        }
    }

    /// <summary>Whether <paramref name="text"/> is exactly one entity tag.</summary>
    public static bool IsEntityTag(ReadOnlySpan<char> text) => TryRead(ref text, out _) && text.IsEmpty;

    /// <summary>Strong comparison (§8.8.3.2): both tags strong, and equal character for character.</summary>
    public static bool StrongEquals(ReadOnlySpan<char> a, ReadOnlySpan<char> b) => !IsWeak(a) && !IsWeak(b) && a.SequenceEqual(b);

    /// <summary>Weak comparison (§8.8.3.2): the opaque tags equal, weak or not.</summary>
    public static bool WeakEquals(ReadOnlySpan<char> a, ReadOnlySpan<char> b) => Opaque(a).SequenceEqual(Opaque(b));

    private static bool IsWeak(ReadOnlySpan<char> tag) => tag.StartsWith("W/");

    private static ReadOnlySpan<char> Opaque(ReadOnlySpan<char> tag) => IsWeak(tag) ? tag[2..] : tag;

    // Reads one entity-tag from the start of text; text moves past it.
    private static bool TryRead(ref ReadOnlySpan<char> text, out ReadOnlySpan<char> tag)
    {
        tag = default;
        var start = text.StartsWith("W/") ? 2 : 0;
        if (text.Length < start + 2 || text[start] != '"')
        {
            return false;
        }

        for (var i = start + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                tag = text[..(i + 1)];
                text = text[(i + 1)..];
                return true;
            }

            if (c < 0x21 || c == 0x7F || c > 0xFF)
            {
                return false; // etagc: no space, no CTL, only Latin-1 obs-text beyond ASCII
            }
        }

        return false; // no closing quote
    }
}
