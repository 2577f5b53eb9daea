using System.Buffers;
using System.Collections;

namespace NetPrimitives.Testing;

/// <summary>
/// Equality by content for the message types parsers usually return: byte arrays, memories, sequences,
/// strings, and anything structurally equatable; otherwise <see cref="EqualityComparer{T}.Default"/>.
/// </summary>
/// <typeparam name="T">The message type.</typeparam>
public sealed class ContentComparer<T> : IEqualityComparer<T>
{
    /// <summary>The shared instance.</summary>
    public static ContentComparer<T> Instance { get; } = new();

    private ContentComparer()
    {
    }

    /// <inheritdoc />
    public bool Equals(T? x, T? y) => (x, y) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
        (ReadOnlyMemory<byte> a, ReadOnlyMemory<byte> b) => a.Span.SequenceEqual(b.Span),
        (Memory<byte> a, Memory<byte> b) => a.Span.SequenceEqual(b.Span),
        (ReadOnlySequence<byte> a, ReadOnlySequence<byte> b) => a.ToArray().AsSpan().SequenceEqual(b.ToArray()),
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        (IStructuralEquatable a, _) => a.Equals(y, StructuralComparisons.StructuralEqualityComparer),
        _ => EqualityComparer<T>.Default.Equals(x, y),
    };

    /// <inheritdoc />
    public int GetHashCode(T obj) => obj switch
    {
        null => 0,
        byte[] bytes => Hash(bytes),
        ReadOnlyMemory<byte> memory => Hash(memory.Span),
        Memory<byte> memory => Hash(memory.Span),
        ReadOnlySequence<byte> sequence => Hash(sequence.ToArray()),
        string text => StringComparer.Ordinal.GetHashCode(text),
        IStructuralEquatable structural => structural.GetHashCode(StructuralComparisons.StructuralEqualityComparer),
        _ => EqualityComparer<T>.Default.GetHashCode(obj),
    };

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
