namespace NetPrimitives.Samples.Cli;

/// <summary>How a server sample waits for its stop and bounds its drain.</summary>
public static class Stopping
{
    /// <summary>How long a server drains its connections after Ctrl+C or SIGTERM before it aborts them.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    /// <summary>Completes (without throwing) when <paramref name="stop"/> is cancelled.</summary>
    public static Task WhenStoppedAsync(this CancellationToken stop)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stop.Register(() => stopped.TrySetResult());
        return stopped.Task;
    }

    /// <summary>A token that fires when the drain has taken <see cref="Grace"/>.</summary>
    public static CancellationTokenSource GraceTimeout() => new(Grace);
}
