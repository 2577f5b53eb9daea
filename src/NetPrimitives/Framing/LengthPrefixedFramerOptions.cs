namespace NetPrimitives.Framing;

/// <summary>
/// The wire format and limits of a <see cref="LengthPrefixedFramer"/>. The defaults are the most common
/// format: a 4-byte big-endian length of the payload alone (network byte order), then the payload, at most 1 MiB.
/// Values are validated when the framer is constructed; the framer keeps its own copy.
/// </summary>
public sealed class LengthPrefixedFramerOptions
{
    /// <summary>The default <see cref="MaxFrameLength"/>: 1 MiB (1,048,576 bytes).</summary>
    public const int DefaultMaxFrameLength = 1024 * 1024;

    /// <summary>The length prefix format. Default: <see cref="LengthPrefixFormat.UInt32"/> (4 bytes).</summary>
    public LengthPrefixFormat Prefix { get; set; } = LengthPrefixFormat.UInt32;

    /// <summary>
    /// The byte order of a fixed-size prefix. Default: <see cref="Framing.ByteOrder.BigEndian"/>.
    /// Ignored for <see cref="LengthPrefixFormat.UInt8"/> and <see cref="LengthPrefixFormat.Varint"/>.
    /// </summary>
    public ByteOrder ByteOrder { get; set; } = ByteOrder.BigEndian;

    /// <summary>
    /// Whether the length on the wire counts the prefix's own bytes as well as the payload's.
    /// Default: <see langword="false"/> (the length is the payload's alone). When <see langword="true"/>, a
    /// length smaller than the prefix is an <see cref="InvalidFrameException"/>.
    /// </summary>
    public bool LengthIncludesPrefix { get; set; }

    /// <summary>
    /// The longest payload accepted when reading, in bytes (the prefix is not counted). Default: 1 MiB
    /// (1,048,576). A longer frame is refused with <see cref="FrameTooLargeException"/> as soon as its
    /// prefix is read, before any payload is buffered. It must be at least 0 and no more than the prefix can
    /// represent (255 for <see cref="LengthPrefixFormat.UInt8"/>, 65,535 for
    /// <see cref="LengthPrefixFormat.UInt16"/>, less the prefix size when <see cref="LengthIncludesPrefix"/>
    /// is set), so choosing a small prefix means choosing a small maximum too. Writing is limited only by
    /// what the prefix can represent.
    /// </summary>
    public int MaxFrameLength { get; set; } = DefaultMaxFrameLength;

    internal LengthPrefixedFramerOptions Clone() => new()
    {
        Prefix = Prefix,
        ByteOrder = ByteOrder,
        LengthIncludesPrefix = LengthIncludesPrefix,
        MaxFrameLength = MaxFrameLength,
    };
}
