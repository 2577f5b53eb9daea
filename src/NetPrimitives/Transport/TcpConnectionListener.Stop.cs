namespace NetPrimitives.Transport;

internal sealed partial class TcpConnectionListener
{
    // After the deadline, aborted handlers get this long to notice before StopAsync returns anyway.
    private static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Stops accepting, tells every handler to finish (its token fires), waits for them until
    /// <paramref name="cancellationToken"/> fires, then aborts the rest. Never hangs: after aborting it waits at
    /// most a few seconds more. Returns whether this call stopped a started listener: later calls, and calls
    /// before <see cref="Start"/>, return <see langword="false"/> at once.
    /// </summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, Stopped, Started) != Started)
        {
            return false;
        }

        if (LocalEndPoint is { } endPoint)
        {
            TransportLog.Stopping(_logger, endPoint, _connections.Count);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listenSocket?.Dispose();
        await _acceptTask.ConfigureAwait(false);
        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync().ConfigureAwait(false);
        }

        var all = Task.WhenAll(_connections.Values);
        try
        {
            await all.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var open = _connections.Keys.ToArray();
            TransportLog.AbortingOnStop(_logger, open.Length);
            foreach (var connection in open)
            {
                connection.Abort("server stopping");
            }

            try
            {
                await Task.WhenAll(_connections.Values).WaitAsync(AbortGrace, _options.TimeProvider).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                TransportLog.HandlersStuck(_logger, _connections.Count);
            }
        }

        return true;
    }

    /// <summary>Stops without a grace period: open connections are aborted at once.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        if (Volatile.Read(ref _state) == Stopped)
        {
            _stopping.Dispose();
        }
    }
}
