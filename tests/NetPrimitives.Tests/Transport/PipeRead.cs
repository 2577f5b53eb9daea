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

    /// <summary>Polls <paramref name="condition"/> until true; fails after the timeout.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(20);
        }
    }
}
