namespace NetPrimitives.Testing;

/// <summary>A parser gave a different result depending on how its input was split.</summary>
public sealed class ParserMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ParserMismatchException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What differed, and for which delivery plan.</param>
    public ParserMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the parser's own exception, if it threw one.</summary>
    /// <param name="message">What differed, and for which delivery plan.</param>
    /// <param name="innerException">The exception the parser threw for the differing plan.</param>
    public ParserMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
