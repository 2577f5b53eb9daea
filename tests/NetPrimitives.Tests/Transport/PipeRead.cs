using NetPrimitives.Transport;

namespace NetPrimitives.Tests.Transport;

/// <summary>Small bounded reads for loopback tests: every wait has a timeout so a bug fails instead of hanging.</summary>
internal static class PipeRead
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Reads exactly <paramref name="count"/> bytes; fails if the pipe ends first.</summary>
    public static async Task<byte[]> ExactlyAsync(PipeReader reader, int count)
    {
        var result = await reader.ReadAtLeastAsync(count).AsTask().WaitAsync(Timeout);
        Assert.True(result.Buffer.Length >= count, $"the pipe ended after {result.Buffer.Length} of {count} bytes");
        var bytes = result.Buffer.Slice(0, count).ToArray();
        reader.AdvanceTo(result.Buffer.GetPosition(count));
        return bytes;
    }

    /// <summary>Reads until the pipe completes; returns the bytes and the exception it completed with, if any.</summary>
    public static async Task<(byte[] Bytes, Exception? Error)> ToEndAsync(PipeReader reader)
    {
        var all = new List<byte>();
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().AsTask().WaitAsync(Timeout);
                all.AddRange(result.Buffer.ToArray());
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return (all.ToArray(), null);
                }
            }
        }
        catch (Exception ex) when (ex is not TimeoutException)
        {
            return (all.ToArray(), ex);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checking it again each time a connection opens or closes.</summary>
    public static Task UntilAsync(TcpConnectionListener listener, Func<bool> condition, string what) =>
        UntilAsync(condition, what, h => listener.ConnectionsChanged += h, h => listener.ConnectionsChanged -= h);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, checking it now and again each time the signal that
    /// <paramref name="subscribe"/> hooks fires; fails after <see cref="Timeout"/>. No polling: the signal says when to look.
    /// </summary>
    public static async Task UntilAsync(Func<bool> condition, string what, Action<Action> subscribe, Action<Action> unsubscribe)
    {
        // Not disposed: a signal raised just as the wait ends may still release it.
        var changed = new SemaphoreSlim(0);
        void OnChanged() => changed.Release();
        subscribe(OnChanged);
        try
        {
            using var deadline = new CancellationTokenSource(Timeout);
            while (!condition())
            {
                try
                {
                    await changed.WaitAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"timed out waiting until {what}");
                }
            }
        }
        finally
        {
            unsubscribe(OnChanged);
        }
    }
}
