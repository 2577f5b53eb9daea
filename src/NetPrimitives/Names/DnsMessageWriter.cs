using System.Buffers.Binary;

namespace NetPrimitives.Names;

/// <summary>Encodes DNS queries (RFC 1035 §4.1). Pure: writes into a caller's span.</summary>
internal static class DnsMessageWriter
{
    /// <summary>Header (12) + longest wire name (255) + type and class (4).</summary>
    public const int MaxQueryLength = 12 + 255 + 4;

    private const ushort RecursionDesired = 0x0100;

    /// <summary>Writes a one-question query; <paramref name="name"/> must already be validated ASCII.</summary>
    /// <returns>The number of bytes written.</returns>
    public static int WriteQuery(Span<byte> destination, ushort id, string name, DnsRecordType type, bool recursionDesired = true)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], recursionDesired ? RecursionDesired : (ushort)0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1); // QDCOUNT
        destination.Slice(6, 6).Clear();                           // AN, NS, AR counts
        var offset = 12 + WriteName(destination[12..], name);
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], 1); // class IN
        return offset + 4;
    }

    /// <summary>Writes <paramref name="name"/> as uncompressed labels ending with the root label.</summary>
    public static int WriteName(Span<byte> destination, string name)
    {
        var written = 0;
        var labels = name.AsSpan().TrimEnd('.');
        while (!labels.IsEmpty)
        {
            var dot = labels.IndexOf('.');
            var label = dot < 0 ? labels : labels[..dot];
            if (label.Length is 0 or > HostNameValidator.MaxLabelLength)
            {
                throw new ArgumentException($"Label of length {label.Length} in '{name}'.", nameof(name));
            }

            destination[written++] = (byte)label.Length;
            foreach (var c in label)
            {
                destination[written++] = c <= 0x7F ? (byte)c : throw new ArgumentException($"Non-ASCII name '{name}'.", nameof(name));
            }

            labels = dot < 0 ? default : labels[(dot + 1)..];
        }

        destination[written++] = 0;
        return written;
    }
}
