namespace NetPrimitives.Transport;

internal sealed partial class TcpConnectionListener
{
    // After the deadline, aborted handlers get this long to notice before StopAsync returns anyway.
    private static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Stops accepting, tells every handler to finish (its token fires), waits for them until
    /// <paramref name="cancellationToken"/> fires, then aborts the rest. Never hangs: after aborting it waits at
    /// most a few seconds more. Safe to call more than once; later calls return at once.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        if (_listenSocket is { } listenSocket && LocalEndPoint is { } endPoint)
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
                await Task.WhenAll(_connections.Values).WaitAsync(AbortGrace).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                TransportLog.HandlersStuck(_logger, _connections.Count);
            }
        }
    }

    /// <summary>Stops without a grace period: open connections are aborted at once.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
