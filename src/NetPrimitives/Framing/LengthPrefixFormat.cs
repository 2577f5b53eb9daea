namespace NetPrimitives.Framing;

/// <summary>How the length of a frame is written in front of it.</summary>
public enum LengthPrefixFormat
{
    /// <summary>One unsigned byte: payloads up to 255 bytes.</summary>
    UInt8,

    /// <summary>Two unsigned bytes: payloads up to 65,535 bytes.</summary>
    UInt16,

    /// <summary>Three unsigned bytes (as in TLS records' handshake lengths): payloads up to 16,777,215 bytes.</summary>
    UInt24,

    /// <summary>Four unsigned bytes, the default (Python's <c>struct.pack('!I', n)</c> in big-endian order).</summary>
    UInt32,

    /// <summary>Eight unsigned bytes.</summary>
    UInt64,

    /// <summary>
    /// An unsigned base-128 varint, 1 to 10 bytes, least significant group first, high bit set on every byte
    /// but the last: the length-delimited format of Protocol Buffers (<c>writeDelimitedTo</c>).
    /// </summary>
    Varint,
}
