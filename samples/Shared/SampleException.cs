namespace NetPrimitives.Samples.Cli;

/// <summary>
/// A failure a sample explains itself: <see cref="SampleApp"/> prints the message (one line, after the program's
/// name) and exits with <see cref="ExitCode"/>. For what the library's exceptions do not say (an echo that came
/// back different, a folder that does not exist).
/// </summary>
public sealed class SampleException(string message, int exitCode = ExitCodes.Failure, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The code the process exits with.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>A usage error found after parsing (a value only the program can check): exit 2.</summary>
    public static SampleException Usage(string message) => new(message, ExitCodes.Usage);
}
