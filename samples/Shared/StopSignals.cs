using System.Runtime.InteropServices;

namespace NetPrimitives.Samples.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM as one cancellation: the first one cancels <see cref="Token"/> and the sample stops
/// gracefully (a server drains its connections); a second one is left to the runtime, which ends the process at once.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _exitCode;

    public StopSignals()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, ExitCodes.Interrupted));
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, ExitCodes.Terminated));
    }

    /// <summary>Cancelled by the first Ctrl+C or SIGTERM.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>130 after Ctrl+C, 143 after SIGTERM, null while no signal came.</summary>
    public int? ExitCode => Volatile.Read(ref _exitCode) is var code and not 0 ? code : null;

    /// <summary>What stopped the program, for its last line: "Ctrl+C" or "SIGTERM".</summary>
    public string? Reason => ExitCode switch
    {
        ExitCodes.Interrupted => "Ctrl+C",
        ExitCodes.Terminated => "SIGTERM",
        _ => null,
    };

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context, int exitCode)
    {
        if (Interlocked.CompareExchange(ref _exitCode, exitCode, 0) == 0)
        {
            context.Cancel = true; // keep running: the sample stops by itself
            _stop.Cancel();
        }
    }
}
