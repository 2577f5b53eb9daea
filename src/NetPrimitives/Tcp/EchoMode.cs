namespace NetPrimitives.Tcp;

/// <summary>What an <see cref="EchoServer"/> treats as one message.</summary>
public enum EchoMode
{
    /// <summary>Bytes as they arrive: each received chunk goes through the transform and back (like a <c>recv</c>/<c>sendall</c> loop).</summary>
    Raw,

    /// <summary>Text lines (<see cref="Framing.LineFramer"/>): each line, without its ending, goes through the transform and back with a line ending.</summary>
    Lines,

    /// <summary>Length-prefixed frames (<see cref="Framing.LengthPrefixedFramer"/>): each payload goes through the transform and back as a frame.</summary>
    Frames,
}
