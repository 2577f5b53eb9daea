namespace NetPrimitives.Ping.Targets;

/// <summary>Span splitting for net8.0, which lacks MemoryExtensions.Split (added in .NET 9).</summary>
internal static class SpanSplit
{
    /// <summary>Splits <paramref name="text"/> at any of <paramref name="separators"/>, keeping empty parts.</summary>
    public static List<Range> Split(ReadOnlySpan<char> text, ReadOnlySpan<char> separators)
    {
        var parts = new List<Range>();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || separators.Contains(text[i]))
            {
                parts.Add(new Range(start, i));
                start = i + 1;
            }
        }

        return parts;
    }
}
