namespace NetPrimitives.Framing;

/// <summary>The bytes written after each line.</summary>
public enum LineTerminator
{
    /// <summary>CR LF (<c>"\r\n"</c>), as internet text protocols require.</summary>
    CrLf,

    /// <summary>LF (<c>"\n"</c>) alone.</summary>
    Lf,
}
