namespace NetPrimitives.Samples.Cli;

/// <summary>The exit codes every sample uses (PingSweep keeps fping's for its results, see its help).</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>A network or runtime failure: a port taken, a name that did not resolve, a refused or reset connection.</summary>
    public const int Failure = 1;

    /// <summary>A usage error: an unknown option, a bad value, a value the library refuses.</summary>
    public const int Usage = 2;

    /// <summary>Stopped with Ctrl+C (SIGINT): 128 + 2, what a shell reports for a process the signal ended.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped with SIGTERM after a graceful stop: 128 + 15.</summary>
    public const int Terminated = 143;

    /// <summary>The lines every sample's help ends with; a sample with other codes writes its own.</summary>
    public const string Standard = "Exit codes: 0 ok, 1 network or runtime failure, 2 usage error, 130 stopped with Ctrl+C, 143 stopped with SIGTERM.";
}
