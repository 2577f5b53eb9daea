using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace NetPrimitives.Names;

// ResolveManyAsync: inet_01's loop over a host list as one call, with bounded concurrency.
public sealed partial class HostResolver
{
    /// <inheritdoc />
    public async IAsyncEnumerable<HostLookupResult> ResolveManyAsync(
        IEnumerable<string> hostNames,
        AddressFamilyPreference family = AddressFamilyPreference.InterNetwork,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hostNames);
        var concurrency = _options.BatchConcurrency;

        // Capacity = concurrency: a lookup's slot is freed only after its result is queued, so a slow consumer
        // holds back new lookups instead of letting results pile up.
        var results = Channel.CreateBounded<HostLookupResult>(new BoundedChannelOptions(concurrency) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = ProduceAsync(hostNames, family, concurrency, results.Writer, stop.Token);
        try
        {
            await foreach (var result in results.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return result;
            }
        }
        finally
        {
            // Stopping early (break, cancellation, exception): end the lookups still running.
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task ProduceAsync(IEnumerable<string> hostNames, AddressFamilyPreference family, int concurrency, ChannelWriter<HostLookupResult> writer, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(concurrency, concurrency);
        Exception? failure = null;
        try
        {
            var index = 0;
            foreach (var name in hostNames)
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                _ = LookupOneAsync(index++, name, family, slots, writer, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The consumer stopped; fall through to wait for the lookups in flight.
        }
        catch (Exception ex)
        {
            failure = ex; // the caller's sequence threw: surface it after the lookups in flight
        }

        // Every lookup returns its slot when done (they honour the token), so this waits for all of them.
        for (var i = 0; i < concurrency; i++)
        {
            await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        writer.TryComplete(failure);
    }

    private async Task LookupOneAsync(int index, string name, AddressFamilyPreference family, SemaphoreSlim slots, ChannelWriter<HostLookupResult> writer, CancellationToken cancellationToken)
    {
        try
        {
            HostLookupResult result;
            try
            {
                var entry = await GetHostByNameExAsync(name ?? string.Empty, family, cancellationToken).ConfigureAwait(false);
                result = new HostLookupResult(index, name ?? string.Empty, entry);
            }
            catch (HostResolutionException ex)
            {
                result = new HostLookupResult(index, name ?? string.Empty, ex);
            }

            await writer.WriteAsync(result, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Batch stopped: the result is not wanted.
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex); // a bug, not a lookup failure: end the stream with it
        }
        finally
        {
            slots.Release();
        }
    }
}
