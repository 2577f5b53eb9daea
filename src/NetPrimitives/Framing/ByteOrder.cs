namespace NetPrimitives.Framing;

/// <summary>The byte order of a fixed-size length prefix.</summary>
public enum ByteOrder
{
    /// <summary>Most significant byte first ("network order", Python's <c>'!'</c>), the default.</summary>
    BigEndian,

    /// <summary>Least significant byte first.</summary>
    LittleEndian,
}
