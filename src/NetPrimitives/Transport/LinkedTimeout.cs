namespace NetPrimitives.Transport;

// A cancellation source that fires after a delay measured on a TimeProvider, or as soon as a parent token fires:
// what CancellationTokenSource.CreateLinkedTokenSource plus CancelAfter give, except that a linked source cannot take
// a TimeProvider and its CancelAfter always runs on the system clock. The parent is linked by a registration, which
// Dispose removes before the source is disposed, so a parent firing late never touches a disposed source.
// A struct: a connection keeps one in a field and re-arms it with CancelAfter/TryReset, with nothing allocated per wait.
internal readonly struct LinkedTimeout : IDisposable
{
    private static readonly Action<object?> s_cancel = static source => ((CancellationTokenSource)source!).Cancel();

    private readonly CancellationTokenRegistration _link;

    // delay: when it fires; Timeout.InfiniteTimeSpan to arm it later with Source.CancelAfter (on the same clock).
    public LinkedTimeout(TimeSpan delay, TimeProvider clock, CancellationToken parent)
    {
        Source = new CancellationTokenSource(delay, clock);
        Parent = parent;
        _link = parent.UnsafeRegister(s_cancel, Source);
    }

    // Null in the default value: nothing created yet.
    public CancellationTokenSource? Source { get; }

    public CancellationToken Parent { get; }

    public CancellationToken Token => Source?.Token ?? default;

    public void Dispose()
    {
        _link.Dispose();
        Source?.Dispose();
    }
}
