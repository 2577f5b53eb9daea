namespace NetPrimitives.Framing;

/// <summary>Which byte sequences end a line when reading.</summary>
public enum LineEnding
{
    /// <summary>
    /// LF ends a line and a CR just before it is dropped too, so both <c>"a\n"</c> and <c>"a\r\n"</c> read as
    /// <c>"a"</c> (what Python's text mode and most line-based servers accept). The default. A CR not
    /// followed by LF is ordinary data.
    /// </summary>
    LfOrCrLf,

    /// <summary>
    /// Only CR LF ends a line (SMTP, RFC 5321 §2.3.8; HTTP/1.1, RFC 9112 §2.2). A bare LF or bare CR is
    /// ordinary data and stays in the line.
    /// </summary>
    CrLf,

    /// <summary>Only LF ends a line; a CR before it stays in the line as data.</summary>
    Lf,
}
