namespace NetPrimitives.Names;

/// <summary>
/// How many queries a <see cref="DnsStubClient"/> lets out at once: a window between a few and
/// <see cref="DnsStubClientOptions.MaxConcurrentQueries"/> that follows the server, as TCP Vegas follows a path.
/// Answers as fast as the fastest recent one mean nothing is queued: the window grows by one per answer (doubling
/// per round trip). Answers slower than that mean queries wait in a queue (the server's socket buffer, which drops
/// what overflows it): <c>queued ≈ window × (1 − fastest / this)</c>; above <see cref="MostQueued"/> the window
/// shrinks by one per answer, so the client backs off before the server drops anything. A query lost anyway (an
/// attempt timed out) halves it. Queries beyond the window wait their turn, first come first served, and their
/// cancellation still applies. With adaptation off the window is the fixed maximum.
/// </summary>
internal sealed class DnsAdmission
{
    // The window a client starts with (enough for a batch to start fast, far below any server's buffer), the smallest
    // one adaptation goes down to (or the maximum, if smaller), and the queries estimated to wait at the server below
    // which the window grows and above which it shrinks. The fastest answer is the fastest of the last one or two
    // periods, so that it follows a path that changed.
    internal const int InitialWindow = 16;
    internal const int SmallestWindow = 4;
    internal const double FewQueued = 4;
    internal const double MostQueued = 16;
    private static readonly TimeSpan FastestPeriod = TimeSpan.FromSeconds(10);

    private readonly LinkedList<Waiter> _waiters = [];
    private readonly int _max;
    private readonly int _min;
    private readonly bool _adaptive;
    private readonly TimeProvider _time;
    private double _window;
    private int _inFlight;
    private long _fastest = long.MaxValue;
    private long _previousFastest = long.MaxValue;
    private long _periodStart;

    public DnsAdmission(int max, bool adaptive, TimeProvider time)
    {
        _max = max;
        _min = Math.Min(max, SmallestWindow);
        _adaptive = adaptive;
        _time = time;
        _window = adaptive ? Math.Min(max, InitialWindow) : max;
        _periodStart = time.GetTimestamp();
    }

    /// <summary>The queries allowed out at once now.</summary>
    public int Window
    {
        get
        {
            lock (_waiters)
            {
                return (int)_window;
            }
        }
    }

    /// <summary>Queries admitted and not yet done.</summary>
    public int InFlight
    {
        get
        {
            lock (_waiters)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Waits for a place in the window (first come, first served).</summary>
    public Task EnterAsync(CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_waiters)
        {
            if (_waiters.Count == 0 && _inFlight < (int)_window)
            {
                _inFlight++;
                return Task.CompletedTask;
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new Waiter(this);
            waiter.Node = _waiters.AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), waiter);
        }

        return waiter.Task;
    }

    /// <summary>A query admitted by <see cref="EnterAsync"/> is done; <paramref name="roundTrip"/> is its answer's time, null when it has none.</summary>
    public void Exit(TimeSpan? roundTrip)
    {
        List<Waiter>? admitted = null;
        lock (_waiters)
        {
            _inFlight--;
            if (_adaptive && roundTrip is { } sample)
            {
                Adjust(Math.Max(1, sample.Ticks));
            }

            while (_waiters.First is { } first && _inFlight < (int)_window)
            {
                _waiters.RemoveFirst();
                first.Value.Node = null;
                _inFlight++;
                (admitted ??= []).Add(first.Value);
            }
        }

        if (admitted is not null)
        {
            foreach (var waiter in admitted)
            {
                waiter.Registration.Dispose();
                waiter.TrySetResult();
            }
        }
    }

    /// <summary>An attempt got no answer in time: the server (or the path) dropped it. Halves the window.</summary>
    public void Lost()
    {
        if (!_adaptive)
        {
            return;
        }

        lock (_waiters)
        {
            _window = Math.Max(_min, _window / 2);
        }
    }

    // Under the lock.
    private void Adjust(long roundTrip)
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_periodStart, now) >= FastestPeriod)
        {
            (_previousFastest, _fastest, _periodStart) = (_fastest, long.MaxValue, now);
        }

        _fastest = Math.Min(_fastest, roundTrip);
        var fastest = Math.Min(_fastest, _previousFastest);
        var queued = _window * (1 - ((double)fastest / roundTrip));
        if (queued < FewQueued)
        {
            _window = Math.Min(_max, _window + 1);
        }
        else if (queued > MostQueued)
        {
            _window = Math.Max(_min, _window - 1);
        }
    }

    private sealed class Waiter(DnsAdmission admission) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public void Cancel(CancellationToken token)
        {
            lock (admission._waiters)
            {
                if (Node is null)
                {
                    return; // already admitted: the caller owns a place and gives it back through Exit
                }

                admission._waiters.Remove(Node);
                Node = null;
            }

            TrySetCanceled(token);
        }
    }
}
