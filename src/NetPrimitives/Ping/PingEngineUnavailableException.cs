namespace NetPrimitives.Ping;

/// <summary>
/// The engine asked for in <see cref="PingSweeperOptions.Engine"/> cannot be used on this machine or process (thrown by
/// <see cref="PingSweeper.Start"/>), or the engine in use stopped working during a sweep (thrown by <see cref="PingSweep.ReadAllAsync"/>).
/// </summary>
public sealed class PingEngineUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="engine">The engine asked for.</param>
    /// <param name="reason">Why it cannot be used.</param>
    /// <param name="innerException">The error that showed it (usually a <see cref="System.Net.Sockets.SocketException"/>).</param>
    public PingEngineUnavailableException(PingEngine engine, string reason, Exception? innerException = null)
        : base($"The {engine} ping engine is unavailable: {reason}", innerException)
    {
        Engine = engine;
        Reason = reason;
    }

    /// <summary>The engine asked for.</summary>
    public PingEngine Engine { get; }

    /// <summary>Why it cannot be used.</summary>
    public string Reason { get; }
}
