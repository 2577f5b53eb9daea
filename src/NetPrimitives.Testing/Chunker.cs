namespace NetPrimitives.Testing;

/// <summary>Cuts a block of bytes into chunks (shared by the sequence builder and the harness).</summary>
internal static class Chunker
{
    public static List<ReadOnlyMemory<byte>> SplitAt(ReadOnlyMemory<byte> data, IReadOnlyList<int> offsets)
    {
        var chunks = new List<ReadOnlyMemory<byte>>(offsets.Count + 1);
        var start = 0;
        foreach (var offset in offsets)
        {
            if (offset < start || offset > data.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(offsets), offset,
                    $"Split offsets must be ascending and within [0, {data.Length}].");
            }

            chunks.Add(data[start..offset]);
            start = offset;
        }

        chunks.Add(data[start..]);
        return chunks;
    }

    public static List<ReadOnlyMemory<byte>> FixedSize(ReadOnlyMemory<byte> data, int size)
    {
        var chunks = new List<ReadOnlyMemory<byte>>(data.Length / size + 1);
        for (var start = 0; start < data.Length; start += size)
        {
            chunks.Add(data.Slice(start, Math.Min(size, data.Length - start)));
        }

        return chunks;
    }

    public static List<ReadOnlyMemory<byte>> Random(ReadOnlyMemory<byte> data, Random random, int maxChunk)
    {
        var chunks = new List<ReadOnlyMemory<byte>>();
        var start = 0;
        while (start < data.Length)
        {
            var size = Math.Min(random.Next(1, maxChunk + 1), data.Length - start);
            chunks.Add(data.Slice(start, size));
            start += size;
        }

        return chunks;
    }

    public static string Describe(IReadOnlyList<ReadOnlyMemory<byte>> chunks)
    {
        if (chunks.Count <= 12)
        {
            var offset = 0;
            var parts = new List<string>(chunks.Count);
            foreach (var chunk in chunks)
            {
                parts.Add($"[{offset}..{offset + chunk.Length})");
                offset += chunk.Length;
            }

            return string.Join(' ', parts);
        }

        var total = 0;
        foreach (var chunk in chunks)
        {
            total += chunk.Length;
        }

        return $"{chunks.Count} chunks over {total} bytes";
    }
}
