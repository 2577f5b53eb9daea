namespace NetPrimitives.Udp;

/// <summary>How <see cref="UpperCaseUdpServer"/> upper-cases a datagram.</summary>
public enum UpperCaseMode
{
    /// <summary>
    /// Bytes <c>a</c>-<c>z</c> become <c>A</c>-<c>Z</c>; every other byte is copied unchanged, so the reply has the
    /// datagram's length. Byte for byte what Python's <c>bytes.upper()</c> does.
    /// </summary>
    Ascii = 0,

    /// <summary>
    /// The datagram is read as UTF-8 and each scalar value is mapped with <see cref="System.Text.Rune.ToUpperInvariant"/>
    /// (simple one-to-one case mapping: <c>é</c> becomes <c>É</c>, <c>ß</c> stays <c>ß</c>, no culture rules).
    /// Invalid UTF-8 sequences are copied unchanged, never rejected. The reply can be longer or shorter than the
    /// datagram (U+0250 <c>ɐ</c>, 2 bytes, becomes U+2C6F, 3 bytes); a reply that would exceed
    /// <see cref="DatagramServerOptions.MaxDatagramSize"/> is not sent (logged and counted as dropped).
    /// </summary>
    Unicode = 1,
}
