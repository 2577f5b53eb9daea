using System.Buffers;

namespace NetPrimitives.Testing;

/// <summary>
/// Feeds bytes to a <see cref="MessageParser{T}"/> the way a <see cref="System.IO.Pipelines.PipeReader"/>
/// read loop does, and checks that the parser gives the same answer however the bytes are cut.
/// </summary>
/// <remarks>
/// A framing bug almost always hides at a boundary: a length prefix split across two reads, a CR at the
/// end of one segment and its LF at the start of the next. <see cref="VerifySplits{T}"/> tries every such
/// boundary and names the first delivery plan whose result differs from parsing the input whole.
/// </remarks>
public static class ParserHarness
{
    private const byte Poison = 0xDD;

    /// <summary>
    /// Delivers <paramref name="chunks"/> one after another. After each delivery the parser is called until it
    /// returns <see langword="false"/>; unconsumed bytes stay in front of the next delivery, in separate
    /// segments, as in a pipe.
    /// </summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="parser">The parser under test.</param>
    /// <param name="chunks">The deliveries, in order.</param>
    /// <param name="options">Delivery options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The messages, the bytes left over and the exception thrown, if any.</returns>
    public static FeedResult<T> Feed<T>(MessageParser<T> parser, IEnumerable<ReadOnlyMemory<byte>> chunks, FeedOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(chunks);
        var deliveries = chunks.Select(c => new[] { c }).ToList();
        return FeedCore(parser, deliveries, options ?? new FeedOptions());
    }

    /// <summary>Parses <paramref name="input"/> delivered in one piece.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="parser">The parser under test.</param>
    /// <param name="input">The bytes.</param>
    /// <param name="options">Delivery options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The messages, the bytes left over and the exception thrown, if any.</returns>
    public static FeedResult<T> FeedWhole<T>(MessageParser<T> parser, ReadOnlyMemory<byte> input, FeedOptions? options = null) =>
        Feed(parser, [input], options);

    /// <summary>
    /// Parses <paramref name="input"/> whole, then byte by byte, split in two at every offset (as two
    /// deliveries, and as one delivery of two segments) and in random chunks from a fixed seed, and compares
    /// each result with the whole-input result: the messages, the bytes left over and the exception type.
    /// </summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="parser">The parser under test.</param>
    /// <param name="input">The bytes: any number of messages, possibly followed by a partial one or by garbage.</param>
    /// <param name="comparer">Compares messages; by default byte arrays, memories and strings compare by content.</param>
    /// <param name="options">Which plans to try, or <see langword="null"/> for all of them.</param>
    /// <returns>A report naming the first plan whose result differs, if any.</returns>
    public static SplitReport<T> VerifySplits<T>(
        MessageParser<T> parser,
        ReadOnlyMemory<byte> input,
        IEqualityComparer<T>? comparer = null,
        SplitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parser);
        options ??= new SplitOptions();
        comparer ??= ContentComparer<T>.Instance;
        var data = input.ToArray();

        // The reference result never has its memory poisoned, so a parser whose messages alias released
        // buffers shows up as a difference in the plans, which are poisoned.
        var reference = new FeedOptions { PoisonConsumedBytes = false, MaxMessagesWithoutProgress = options.Feed.MaxMessagesWithoutProgress };
        var baseline = FeedCore(parser, [[Copy(data)]], reference);
        var plans = 0;

        SplitReport<T>? Check(List<ReadOnlyMemory<byte>[]> deliveries)
        {
            plans++;
            var result = FeedCore(parser, deliveries, options.Feed);
            var difference = Compare(baseline, result, comparer);
            return difference is null ? null : new SplitReport<T>(baseline, result, difference, plans);
        }

        if (options.ByteByByte && data.Length > 1)
        {
            var report = Check(Chunker.FixedSize(Copy(data), 1).Select(c => new[] { c }).ToList());
            if (report is not null)
            {
                return report;
            }
        }

        foreach (var offset in SplitPoints(data.Length, options.MaxSplitPoints))
        {
            var copy = Copy(data);
            var asDeliveries = Check([[copy[..offset]], [copy[offset..]]]);
            if (asDeliveries is not null)
            {
                return asDeliveries;
            }

            copy = Copy(data);
            var asSegments = Check([[copy[..offset], copy[offset..]]]);
            if (asSegments is not null)
            {
                return asSegments;
            }
        }

        var random = new Random(options.Seed);
        for (var i = 0; i < options.RandomChunkings && data.Length > 1; i++)
        {
            var chunks = Chunker.Random(Copy(data), random, Math.Max(1, options.MaxRandomChunkLength));
            var report = Check(chunks.Select(c => new[] { c }).ToList());
            if (report is not null)
            {
                return report;
            }
        }

        return new SplitReport<T>(baseline, null, null, plans);
    }

    private static IEnumerable<int> SplitPoints(int length, int max)
    {
        if (length < 2)
        {
            yield break;
        }

        var count = length - 1;
        if (count <= max)
        {
            for (var i = 1; i < length; i++)
            {
                yield return i;
            }

            yield break;
        }

        // Spread the points evenly, always including both ends.
        var previous = 0;
        for (var i = 0; i < max; i++)
        {
            var point = 1 + (int)((long)i * (count - 1) / Math.Max(1, max - 1));
            if (point != previous)
            {
                previous = point;
                yield return point;
            }
        }
    }

    private static ReadOnlyMemory<byte> Copy(byte[] data) => data.AsSpan().ToArray();

    private static FeedResult<T> FeedCore<T>(MessageParser<T> parser, List<ReadOnlyMemory<byte>[]> deliveries, FeedOptions options)
    {
        var messages = new List<T>();
        var pending = new List<ReadOnlyMemory<byte>>();
        var planChunks = new List<ReadOnlyMemory<byte>>();
        Exception? exception = null;
        long remaining = 0;

        foreach (var delivery in deliveries)
        {
            foreach (var segment in delivery)
            {
                planChunks.Add(segment);

                // Each delivery gets memory of its own, so poisoning never touches the caller's input.
                pending.Add(segment.ToArray());
            }

            var buffer = BufferSequence.FromChunks(pending);
            var start = buffer.Length;
            var withoutProgress = 0;
            try
            {
                while (true)
                {
                    var before = buffer.Length;
                    var attempt = buffer;
                    if (!parser(ref attempt, out var message))
                    {
                        break;
                    }

                    if (attempt.Length > before)
                    {
                        throw new InvalidOperationException("The parser grew the buffer on success; it must only slice bytes off its front.");
                    }

                    messages.Add(message);
                    withoutProgress = attempt.Length == before ? withoutProgress + 1 : 0;
                    if (withoutProgress > options.MaxMessagesWithoutProgress)
                    {
                        throw new InvalidOperationException(
                            $"The parser returned {withoutProgress} messages in a row without consuming a byte; it would loop forever.");
                    }

                    buffer = attempt;
                }
            }
            catch (Exception ex)
            {
                exception = ex;
            }

            var consumed = start - buffer.Length;
            pending = Release(pending, consumed, options.PoisonConsumedBytes);
            remaining = buffer.Length;
            if (exception is not null)
            {
                break;
            }
        }

        return new FeedResult<T>(messages, remaining, exception, Chunker.Describe(planChunks));
    }

    private static List<ReadOnlyMemory<byte>> Release(List<ReadOnlyMemory<byte>> pending, long consumed, bool poison)
    {
        var kept = new List<ReadOnlyMemory<byte>>(pending.Count);
        foreach (var segment in pending)
        {
            if (consumed >= segment.Length)
            {
                consumed -= segment.Length;
                Overwrite(segment, poison);
                continue;
            }

            if (consumed > 0)
            {
                Overwrite(segment[..(int)consumed], poison);
                kept.Add(segment[(int)consumed..]);
                consumed = 0;
                continue;
            }

            kept.Add(segment);
        }

        return kept;
    }

    private static void Overwrite(ReadOnlyMemory<byte> released, bool poison)
    {
        if (poison && System.Runtime.InteropServices.MemoryMarshal.TryGetArray(released, out var array) && array.Array is not null)
        {
            array.AsSpan().Fill(Poison);
        }
    }

    private static string? Compare<T>(FeedResult<T> expected, FeedResult<T> actual, IEqualityComparer<T> comparer)
    {
        var expectedError = expected.Exception?.GetType();
        var actualError = actual.Exception?.GetType();
        if (expectedError != actualError)
        {
            return $"whole input {(expectedError is null ? "did not throw" : "threw " + expectedError.Name)}, "
                + $"this plan {(actualError is null ? "did not throw" : "threw " + actualError.Name + ": " + actual.Exception!.Message)}";
        }

        var count = Math.Min(expected.Messages.Count, actual.Messages.Count);
        for (var i = 0; i < count; i++)
        {
            if (!comparer.Equals(expected.Messages[i], actual.Messages[i]))
            {
                return $"message {i} differs: expected {Show(expected.Messages[i])}, got {Show(actual.Messages[i])}";
            }
        }

        if (expected.Messages.Count != actual.Messages.Count)
        {
            return $"whole input gave {expected.Messages.Count} message(s), this plan gave {actual.Messages.Count}";
        }

        if (expectedError is null && expected.RemainingBytes != actual.RemainingBytes)
        {
            return $"whole input left {expected.RemainingBytes} byte(s) unconsumed, this plan left {actual.RemainingBytes}";
        }

        return null;
    }

    internal static string Show<T>(T value) => value switch
    {
        null => "null",
        byte[] bytes => ShowBytes(bytes),
        ReadOnlyMemory<byte> memory => ShowBytes(memory.Span),
        Memory<byte> memory => ShowBytes(memory.Span),
        string text => "\"" + text + "\"",
        _ => value.ToString() ?? string.Empty,
    };

    private static string ShowBytes(ReadOnlySpan<byte> bytes)
    {
        const int Shown = 32;
        var hex = Convert.ToHexString(bytes[..Math.Min(bytes.Length, Shown)]);
        return $"{bytes.Length} byte(s) {hex}{(bytes.Length > Shown ? "..." : string.Empty)}";
    }
}
